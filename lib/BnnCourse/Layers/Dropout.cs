using System.Numerics.Tensors;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Inverted dropout (Srivastava et al. 2014): each unit is kept with probability 1 − p and scaled by 1/(1 − p), so
/// E[y] = x. Kept on at prediction time when a generator is given, it is MC dropout (Gal and Ghahramani 2016): the
/// Monte Carlo predictive of <see cref="Predictive"/> with S samples averages S dropout networks.
/// </summary>
/// <remarks>
/// Training passes draw a fresh mask per row (the usual minibatch estimator). A prediction pass with a generator draws
/// one mask per unit shared by every row: one pass is one coherent function (a network with those units removed), as a
/// weight sample is for a Bayesian layer, so predictions do not depend on the batch size. Passes without a generator
/// (mean weights, gradient checks) are the identity. Thread safety: as <see cref="Layer"/> (no per-call state).
/// </remarks>
public sealed class Dropout : Layer
{
    /// <summary>A dropout layer dropping each unit with probability <paramref name="rate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">rate outside [0, 1).</exception>
    public Dropout(float rate)
    {
        Rate = Require.HalfOpenUnitInterval(rate, nameof(rate));
    }

    /// <summary>p, the probability that a unit is dropped.</summary>
    public float Rate { get; }

    /// <inheritdoc />
    public override string Describe() => $"Dropout p={Rate:0.###}";

    /// <inheritdoc />
    public override int OutputWidth(int inputWidth) => Require.Positive(inputWidth, nameof(inputWidth));

    internal override LayerBuffers CreateBuffers(int inputWidth, int maxRows, bool training) => new MaskBuffers(new float[maxRows * inputWidth], inputWidth);

    /// <summary>y = x ⊙ m / (1 − p), m ~ Bernoulli(1 − p); y = x without a generator.</summary>
    internal override double Forward(ReadOnlySpan<float> x, Span<float> y, int rows, LayerBuffers buffers, in ForwardContext context)
    {
        var b = (MaskBuffers)buffers;
        b.Identity = context.Rng is null || Rate == 0f;
        if (b.Identity) { x.CopyTo(y); return 0; }
        var mask = b.Mask.AsSpan(0, context.Training ? x.Length : b.Width);
        context.Rng!.FillUniform(mask);
        float keep = 1f - Rate, scale = 1f / keep;
        for (int i = 0; i < mask.Length; i++) mask[i] = mask[i] < keep ? scale : 0f;
        if (context.Training) TensorPrimitives.Multiply(x, mask, y); // one mask per row
        else                                                          // one mask shared by every row
            for (int r = 0; r < rows; r++) TensorPrimitives.Multiply(x.Slice(r * b.Width, b.Width), mask, y.Slice(r * b.Width, b.Width));
        return 0;
    }

    /// <summary>dx = dy ⊙ m / (1 − p), the mask of the forward pass.</summary>
    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, LayerBuffers buffers)
    {
        if (dx.IsEmpty) return;
        var b = (MaskBuffers)buffers;
        if (b.Identity) { dy.CopyTo(dx); return; }
        TensorPrimitives.Multiply(dy, b.Mask.AsSpan(0, dy.Length), dx);
    }

    sealed class MaskBuffers(float[] mask, int width) : LayerBuffers([])
    {
        public float[] Mask { get; } = mask;
        public int Width { get; } = width;
        public bool Identity { get; set; } = true;
    }
}
