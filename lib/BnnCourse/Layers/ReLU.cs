using System.Numerics;
using System.Numerics.Tensors;

namespace BnnCourse;

/// <summary>Rectified linear unit y = max(0, x), element-wise; ∂y/∂x = 1 where y &gt; 0, else 0.</summary>
public sealed class ReLU : Layer
{
    /// <inheritdoc />
    public override string Describe() => "ReLU";

    /// <inheritdoc />
    public override int OutputWidth(int inputWidth) => inputWidth;

    /// <inheritdoc />
    internal override LayerBuffers CreateBuffers(int inputWidth, int maxRows, bool training) => new ActivationBuffers(maxRows, training);

    /// <summary>y = max(0, x).</summary>
    internal override double Forward(ReadOnlySpan<float> x, Span<float> y, int rows, LayerBuffers buffers, in ForwardContext context)
    {
        TensorPrimitives.Max(x, 0f, y);
        return 0;
    }

    /// <summary>dx = dy ⊙ [y &gt; 0].</summary>
    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, LayerBuffers buffers)
    {
        if (dx.IsEmpty) return;
        int n = dx.Length, width = Vector<float>.Count, i = 0;
        for (; i <= n - width; i += width)
        {
            var positive = Vector.GreaterThan(new Vector<float>(y.Slice(i, width)), Vector<float>.Zero);
            Vector.ConditionalSelect(positive, new Vector<float>(dy.Slice(i, width)), Vector<float>.Zero).CopyTo(dx.Slice(i, width));
        }
        for (; i < n; i++) dx[i] = y[i] > 0 ? dy[i] : 0f;
    }
}
