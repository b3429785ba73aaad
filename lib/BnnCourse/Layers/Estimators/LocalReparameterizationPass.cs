using System.Numerics;
using System.Numerics.Tensors;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Local reparameterization (Kingma, Salimans and Welling 2015): γ = x·μ + μ_b, δ = x²·σ² + σ_b², y = γ + √δ ⊙ ζ with
/// ζ ~ N(0, I) per row and unit. Backward: ∂L/∂μ = xᵀ·dy; ∂L/∂δ = dy ⊙ ζ/(2√δ) (0 where δ = 0); ∂L/∂σ² = (x²)ᵀ·∂L/∂δ;
/// ∂σ²/∂ρ = 2σ·sigmoid(ρ); dx = dy·μᵀ + 2x ⊙ (∂L/∂δ·(σ²)ᵀ). A Monte Carlo KL draws its own weight sample.
/// </summary>
internal sealed class LocalReparameterizationPass : BayesianBuffers
{
    readonly float[] _sigma2W, _sigma2B, _xSquared, _std, _zeta, _dVar, _tmpX;

    public LocalReparameterizationPass(BayesianDense layer, int maxRows)
        : base(layer, maxRows, training: true, needWeightSample: layer.Divergence.NeedsWeightSample)
    {
        int rowsIn = maxRows * layer.InputSize, rowsOut = maxRows * layer.OutputSize;
        _sigma2W = new float[layer.Weights.Count];
        _sigma2B = new float[layer.OutputSize];
        _xSquared = new float[rowsIn];
        _std = new float[rowsOut];
        _zeta = new float[rowsOut];
        _dVar = new float[rowsOut];
        _tmpX = new float[rowsIn];
    }

    public override double TrainForward(ReadOnlySpan<float> x, Span<float> y, int rows, in ForwardContext context)
    {
        var (weights, bias) = (Layer.Weights, Layer.Bias);
        int nIn = rows * Layer.InputSize, nOut = rows * Layer.OutputSize;
        VariationalKernels.SigmaSquared(weights.Rho, _sigma2W);
        VariationalKernels.SigmaSquared(bias.Rho, _sigma2B);
        var xSq = _xSquared.AsSpan(0, nIn);
        TensorPrimitives.Multiply(x, x, xSq);
        Gemm.Multiply(x, weights.Mu, y, rows, Layer.InputSize, Layer.OutputSize);
        RowOps.AddToRows(y, bias.Mu, rows);
        var std = _std.AsSpan(0, nOut);
        Gemm.Multiply(xSq, _sigma2W, std, rows, Layer.InputSize, Layer.OutputSize);
        RowOps.AddToRows(std, _sigma2B, rows);
        TensorPrimitives.Sqrt(std, std);
        var zeta = _zeta.AsSpan(0, nOut);
        if (context.Rng is null) zeta.Clear(); else context.Rng.FillStandardNormal(zeta);
        TensorPrimitives.MultiplyAdd(std, zeta, y, y);
        if (Layer.Divergence.NeedsWeightSample) SampleWeightsAndBias(context.Rng); // a separate weight sample for the KL estimate
        return ComplexityCost(context.KlScale);
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows)
    {
        var g = Gradients;
        var (weights, bias) = (Layer.Weights, Layer.Bias);
        int nIn = rows * Layer.InputSize, nOut = rows * Layer.OutputSize;
        Gemm.MultiplyTransposeA(x, dy, g[0], Layer.InputSize, rows, Layer.OutputSize, accumulate: true);
        RowOps.AddRowSums(dy, g[2], rows);
        var dVar = _dVar.AsSpan(0, nOut);
        HalfRatio(dy, _zeta.AsSpan(0, nOut), _std.AsSpan(0, nOut), dVar);
        Gemm.MultiplyTransposeA(_xSquared.AsSpan(0, nIn), dVar, GradW, Layer.InputSize, rows, Layer.OutputSize);
        VariationalKernels.AddThroughSigmaSquared(GradW, weights.Rho, g[1]);
        GradB.AsSpan().Clear();
        RowOps.AddRowSums(dVar, GradB, rows);
        VariationalKernels.AddThroughSigmaSquared(GradB, bias.Rho, g[3]);
        if (dx.IsEmpty) return;
        var tmp = _tmpX.AsSpan(0, nIn);
        Gemm.MultiplyTransposeB(dy, weights.Mu, dx, rows, Layer.OutputSize, Layer.InputSize);
        Gemm.MultiplyTransposeB(dVar, _sigma2W, tmp, rows, Layer.OutputSize, Layer.InputSize);
        TensorPrimitives.Multiply(tmp, 2f, tmp);
        TensorPrimitives.MultiplyAdd(x, tmp, dx, dx);
    }

    /// <summary>∂L/∂δ = dy ⊙ ζ / (2√δ), and 0 where √δ = 0 (no variance, no gradient through it).</summary>
    static void HalfRatio(ReadOnlySpan<float> dy, ReadOnlySpan<float> zeta, ReadOnlySpan<float> std, Span<float> dVar)
    {
        int n = dVar.Length, width = Vector<float>.Count, k = 0;
        for (; k <= n - width; k += width)
        {
            var s = new Vector<float>(std.Slice(k, width));
            var r = new Vector<float>(dy.Slice(k, width)) * new Vector<float>(zeta.Slice(k, width)) / (2f * s);
            Vector.ConditionalSelect(Vector.GreaterThan(s, Vector<float>.Zero), r, Vector<float>.Zero).CopyTo(dVar.Slice(k, width));
        }
        for (; k < n; k++) dVar[k] = std[k] > 0 ? dy[k] * zeta[k] / (2f * std[k]) : 0f;
    }
}
