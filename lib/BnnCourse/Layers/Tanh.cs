using System.Numerics.Tensors;

namespace BnnCourse;

/// <summary>Hyperbolic tangent y = tanh(x), element-wise; ∂y/∂x = 1 − y².</summary>
public sealed class Tanh : Layer
{
    /// <inheritdoc />
    public override string Describe() => "Tanh";

    /// <inheritdoc />
    public override int OutputWidth(int inputWidth) => inputWidth;

    /// <inheritdoc />
    internal override LayerBuffers CreateBuffers(int inputWidth, int maxRows, bool training) => new ActivationBuffers(maxRows, training);

    /// <summary>y = tanh(x).</summary>
    internal override double Forward(ReadOnlySpan<float> x, Span<float> y, int rows, LayerBuffers buffers, in ForwardContext context)
    {
        TensorPrimitives.Tanh(x, y);
        return 0;
    }

    /// <summary>dx = dy ⊙ (1 − y²).</summary>
    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, LayerBuffers buffers)
    {
        if (dx.IsEmpty) return;
        TensorPrimitives.Multiply(y, y, dx);                 // y²
        TensorPrimitives.Subtract(1f, dx, dx);               // 1 − y²
        TensorPrimitives.Multiply(dy, dx, dx);               // dy ⊙ (1 − y²)
    }
}
