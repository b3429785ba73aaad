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
        : base(layer, training: true, needWeightSample: layer.Divergence.NeedsWeightSample)
    {
        int rowsIn = maxRows * In, rowsOut = maxRows * Out;
        (_sigma2W, _sigma2B, _xSquared, _tmpX) = (new float[Weights.Count], new float[Out], new float[rowsIn], new float[rowsIn]);
        (_std, _zeta, _dVar) = (new float[rowsOut], new float[rowsOut], new float[rowsOut]);
    }

    public override double TrainForward(ReadOnlySpan<float> x, Span<float> y, int rows, in ForwardContext context)
    {
        VariationalKernels.SigmaSquared(Weights.Rho, _sigma2W);
        VariationalKernels.SigmaSquared(Bias.Rho, _sigma2B);
        var xSq = _xSquared.AsSpan(0, rows * In);
        TensorPrimitives.Multiply(x, x, xSq);
        RowOps.Affine(x, Weights.Mu, Bias.Mu, y, rows, In);      // γ
        var std = _std.AsSpan(0, rows * Out);
        RowOps.Affine(xSq, _sigma2W, _sigma2B, std, rows, In);   // δ, then √δ
        TensorPrimitives.Sqrt(std, std);
        var zeta = _zeta.AsSpan(0, std.Length);
        RowOps.FillStandardNormal(context.Rng, zeta);
        TensorPrimitives.MultiplyAdd(std, zeta, y, y);
        if (Layer.Divergence.NeedsWeightSample) SampleWeightsAndBias(context.Rng); // a separate weight sample for the KL estimate
        return ComplexityCost(context.KlScale);
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows)
    {
        var g = Gradients;
        int nIn = rows * In, nOut = rows * Out;
        Gemm.MultiplyTransposeA(x, dy, g[0], In, rows, Out, accumulate: true);
        RowOps.AddRowSums(dy, g[2], rows);
        var dVar = _dVar.AsSpan(0, nOut);
        HalfRatio(dy, _zeta.AsSpan(0, nOut), _std.AsSpan(0, nOut), dVar);
        Gemm.MultiplyTransposeA(_xSquared.AsSpan(0, nIn), dVar, GradW, In, rows, Out);
        VariationalKernels.AddThroughSigmaSquared(GradW, Weights.Rho, g[1]);
        RowOps.SumRows(dVar, GradB, rows);
        VariationalKernels.AddThroughSigmaSquared(GradB, Bias.Rho, g[3]);
        if (dx.IsEmpty) return;
        var tmp = _tmpX.AsSpan(0, nIn);
        Gemm.MultiplyTransposeB(dy, Weights.Mu, dx, rows, Out, In);
        Gemm.MultiplyTransposeB(dVar, _sigma2W, tmp, rows, Out, In);
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
