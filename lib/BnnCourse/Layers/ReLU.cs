using System.Numerics.Tensors;

namespace BnnCourse.Layers;

/// <summary>Rectified linear unit y = max(0, x), element-wise; ∂y/∂x = 1 where y &gt; 0, else 0.</summary>
public sealed class ReLU : Layer
{
    /// <inheritdoc />
    public override string Describe() => "ReLU";

    /// <inheritdoc />
    public override int OutputWidth(int inputWidth) => inputWidth;

    /// <inheritdoc />
    public override LayerBuffers CreateBuffers(int inputWidth, int maxRows, bool training) => new ActivationBuffers(maxRows, training);

    /// <summary>y = max(0, x).</summary>
    public override double Forward(ReadOnlySpan<float> x, Span<float> y, int rows, LayerBuffers buffers, in ForwardContext context)
    {
        TensorPrimitives.Max(x, 0f, y);
        return 0;
    }

    /// <summary>dx = dy ⊙ [y &gt; 0].</summary>
    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, LayerBuffers buffers)
    {
        if (dx.IsEmpty) return;
        // branch-free select: the sign pattern of y is random, so a per-element branch mispredicts half the time
        int i = 0, width = System.Numerics.Vector<float>.Count;
        for (; i <= dx.Length - width; i += width)
        {
            var keep = System.Numerics.Vector.GreaterThan(new System.Numerics.Vector<float>(y[i..]), System.Numerics.Vector<float>.Zero);
            System.Numerics.Vector.ConditionalSelect(keep, new System.Numerics.Vector<float>(dy[i..]), System.Numerics.Vector<float>.Zero).CopyTo(dx[i..]);
        }
        for (; i < dx.Length; i++) dx[i] = y[i] > 0 ? dy[i] : 0f;
    }
}
