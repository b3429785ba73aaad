using System.Numerics;
using System.Numerics.Tensors;

namespace BnnCourse;

/// <summary>
/// An element-wise nonlinearity layer: <see cref="ReLU"/> y = max(0, x) with ∂y/∂x = [y &gt; 0], or <see cref="Tanh"/>
/// y = tanh(x) with ∂y/∂x = 1 − y². It has no parameters and takes inputs of any width.
/// </summary>
/// <remarks>
/// <see cref="ReLU"/> and <see cref="Tanh"/> give a new layer on each read (a layer belongs to one network, which names
/// it); as the <c>activation</c> argument of <see cref="Network.Mlp"/>/<see cref="Network.BayesianMlp"/> the one given
/// says which nonlinearity every hidden layer gets.
/// </remarks>
public sealed class Activation : Layer
{
    Activation(bool tanh) => IsTanh = tanh;

    /// <summary>True for tanh, false for ReLU (the checkpoint's layer code).</summary>
    internal bool IsTanh { get; }

    /// <summary>A new rectified linear unit layer, y = max(0, x).</summary>
    public static Activation ReLU => new(tanh: false);

    /// <summary>A new hyperbolic tangent layer, y = tanh(x).</summary>
    public static Activation Tanh => new(tanh: true);

    /// <summary>Another layer of the same nonlinearity (for a network that puts one between each pair of layers).</summary>
    internal Activation Copy() => new(IsTanh);

    /// <inheritdoc />
    public override string Describe() => IsTanh ? "Tanh" : "ReLU";

    internal override LayerBuffers CreateBuffers(int inputWidth, int maxRows, bool training) => new([]);

    internal override double Forward(ReadOnlySpan<float> x, Span<float> y, int rows, LayerBuffers buffers, in ForwardContext context)
    {
        if (IsTanh) TensorPrimitives.Tanh(x, y);
        else TensorPrimitives.Max(x, 0f, y);
        return 0;
    }

    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, LayerBuffers buffers)
    {
        if (dx.IsEmpty) return;
        if (IsTanh)
        {
            TensorPrimitives.Multiply(y, y, dx);                 // y²
            TensorPrimitives.Subtract(1f, dx, dx);               // 1 − y²
            TensorPrimitives.Multiply(dy, dx, dx);               // dy ⊙ (1 − y²)
            return;
        }
        int n = dx.Length, width = Vector<float>.Count, i = 0;
        for (; i <= n - width; i += width)
        {
            var positive = Vector.GreaterThan(new Vector<float>(y.Slice(i, width)), Vector<float>.Zero);
            Vector.ConditionalSelect(positive, new Vector<float>(dy.Slice(i, width)), Vector<float>.Zero).CopyTo(dx.Slice(i, width));
        }
        for (; i < n; i++) dx[i] = y[i] > 0 ? dy[i] : 0f;
    }
}
