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
        : base(layer, training: true, needWeightSample: layer.Divergence.NeedsWeightSample, needEpsilon: true)
    {
        int rowsIn = maxRows * In, rowsOut = maxRows * Out;
        (_delta, _signsIn, _xSigned, _tmpX) = (new float[Weights.Count], new float[rowsIn], new float[rowsIn], new float[rowsIn]);
        (_signsOut, _h, _dH) = (new float[rowsOut], new float[rowsOut], new float[rowsOut]);
    }

    public override double TrainForward(ReadOnlySpan<float> x, Span<float> y, int rows, in ForwardContext context)
    {
        var signsIn = _signsIn.AsSpan(0, rows * In);
        var signsOut = _signsOut.AsSpan(0, rows * Out);
        RowOps.FillStandardNormal(context.Rng, EpsW); RowOps.FillStandardNormal(context.Rng, EpsB); // without a generator:
        RowOps.FillRandomSigns(context.Rng, signsIn); RowOps.FillRandomSigns(context.Rng, signsOut); // ε = 0, every sign +1
        VariationalKernels.SigmaTimes(Weights.Rho, EpsW, _delta);
        VariationalKernels.SampleWeights(Bias.Mu, Bias.Rho, EpsB, B);
        var xs = _xSigned.AsSpan(0, signsIn.Length);
        var h = _h.AsSpan(0, signsOut.Length);
        TensorPrimitives.Multiply(x, signsIn, xs);
        Gemm.Multiply(x, Weights.Mu, y, rows, In, Out);
        Gemm.Multiply(xs, _delta, h, rows, In, Out);
        TensorPrimitives.MultiplyAdd(h, signsOut, y, y);
        RowOps.AddToRows(y, B, rows);
        if (Layer.Divergence.NeedsWeightSample) TensorPrimitives.Add(Weights.Mu, _delta, W); // w = μ + ΔW
        return ComplexityCost(context.KlScale);
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows)
    {
        var g = Gradients;
        int nIn = rows * In, nOut = rows * Out;
        Gemm.MultiplyTransposeA(x, dy, g[0], In, rows, Out, accumulate: true);
        var dH = _dH.AsSpan(0, nOut);
        TensorPrimitives.Multiply(dy, _signsOut.AsSpan(0, nOut), dH);
        Gemm.MultiplyTransposeA(_xSigned.AsSpan(0, nIn), dH, GradW, In, rows, Out);
        VariationalKernels.ReparameterizationBackwardRho(GradW, EpsW, Weights.Rho, g[1]);
        RowOps.SumRows(dy, GradB, rows);
        VariationalKernels.ReparameterizationBackward(GradB, EpsB, Bias.Rho, g[2], g[3]);
        if (dx.IsEmpty) return;
        var tmp = _tmpX.AsSpan(0, nIn);
        Gemm.MultiplyTransposeB(dy, Weights.Mu, dx, rows, Out, In);
        Gemm.MultiplyTransposeB(dH, _delta, tmp, rows, Out, In);
        TensorPrimitives.MultiplyAdd(tmp, _signsIn.AsSpan(0, nIn), dx, dx);
    }
}
