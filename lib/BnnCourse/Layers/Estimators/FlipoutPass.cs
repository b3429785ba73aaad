using System.Numerics.Tensors;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Flipout (Wen et al. 2018): ΔW = σ ⊙ ε shared, y = x·μ + ((x ⊙ S)·ΔW) ⊙ R + b with random signs S, R per row;
/// b = μ_b + σ_b ⊙ ε_b is one sample shared by every row (not sign-flipped), as in TFP's DenseFlipout. Backward:
/// ∂L/∂μ = xᵀ·dy; ∂L/∂H = dy ⊙ R; ∂L/∂ΔW = (x ⊙ S)ᵀ·∂L/∂H; Δρ += ∂L/∂ΔW ⊙ ε ⊙ sigmoid(ρ); dx = dy·μᵀ + (∂L/∂H·ΔWᵀ) ⊙ S.
/// </summary>
internal sealed class FlipoutPass : BayesianBuffers
{
    readonly float[] _delta, _signsIn, _signsOut, _xSigned, _h, _dH, _tmpX;

    public FlipoutPass(BayesianDense layer, int maxRows)
        : base(layer, maxRows, training: true, needWeightSample: layer.Divergence.NeedsWeightSample, needEpsilon: true)
    {
        int rowsIn = maxRows * layer.InputSize, rowsOut = maxRows * layer.OutputSize;
        _delta = new float[layer.Weights.Count];
        _signsIn = new float[rowsIn];
        _signsOut = new float[rowsOut];
        _xSigned = new float[rowsIn];
        _h = new float[rowsOut];
        _dH = new float[rowsOut];
        _tmpX = new float[rowsIn];
    }

    public override double TrainForward(ReadOnlySpan<float> x, Span<float> y, int rows, in ForwardContext context)
    {
        var (weights, bias) = (Layer.Weights, Layer.Bias);
        int nIn = rows * Layer.InputSize, nOut = rows * Layer.OutputSize;
        var signsIn = _signsIn.AsSpan(0, nIn);
        var signsOut = _signsOut.AsSpan(0, nOut);
        if (context.Rng is null)
        {
            EpsW.AsSpan().Clear(); EpsB.AsSpan().Clear(); signsIn.Fill(1f); signsOut.Fill(1f);
        }
        else
        {
            context.Rng.FillStandardNormal(EpsW); context.Rng.FillStandardNormal(EpsB);
            RowOps.FillRandomSigns(context.Rng, signsIn); RowOps.FillRandomSigns(context.Rng, signsOut);
        }
        VariationalKernels.SigmaTimes(weights.Rho, EpsW, _delta);
        VariationalKernels.SampleWeights(bias.Mu, bias.Rho, EpsB, B);
        var xs = _xSigned.AsSpan(0, nIn);
        var h = _h.AsSpan(0, nOut);
        TensorPrimitives.Multiply(x, signsIn, xs);
        Gemm.Multiply(x, weights.Mu, y, rows, Layer.InputSize, Layer.OutputSize);
        Gemm.Multiply(xs, _delta, h, rows, Layer.InputSize, Layer.OutputSize);
        TensorPrimitives.MultiplyAdd(h, signsOut, y, y);
        RowOps.AddToRows(y, B, rows);
        if (Layer.Divergence.NeedsWeightSample) TensorPrimitives.Add(weights.Mu, _delta, W); // w = μ + ΔW
        return ComplexityCost(context.KlScale);
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows)
    {
        var g = Gradients;
        var (weights, bias) = (Layer.Weights, Layer.Bias);
        int nIn = rows * Layer.InputSize, nOut = rows * Layer.OutputSize;
        Gemm.MultiplyTransposeA(x, dy, g[0], Layer.InputSize, rows, Layer.OutputSize, accumulate: true);
        var dH = _dH.AsSpan(0, nOut);
        TensorPrimitives.Multiply(dy, _signsOut.AsSpan(0, nOut), dH);
        Gemm.MultiplyTransposeA(_xSigned.AsSpan(0, nIn), dH, GradW, Layer.InputSize, rows, Layer.OutputSize);
        VariationalKernels.ReparameterizationBackwardRho(GradW, EpsW, weights.Rho, g[1]);
        GradB.AsSpan().Clear();
        RowOps.AddRowSums(dy, GradB, rows);
        VariationalKernels.ReparameterizationBackward(GradB, EpsB, bias.Rho, g[2], g[3]);
        if (dx.IsEmpty) return;
        var tmp = _tmpX.AsSpan(0, nIn);
        Gemm.MultiplyTransposeB(dy, weights.Mu, dx, rows, Layer.OutputSize, Layer.InputSize);
        Gemm.MultiplyTransposeB(dH, _delta, tmp, rows, Layer.OutputSize, Layer.InputSize);
        TensorPrimitives.MultiplyAdd(tmp, _signsIn.AsSpan(0, nIn), dx, dx);
    }
}
