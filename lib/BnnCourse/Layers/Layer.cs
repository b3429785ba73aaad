using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// One stage of a network acting on a minibatch stored row-major (rows × width). A layer holds only its
/// parameters and configuration: the forward pass writes what the backward pass needs into caller-owned
/// <see cref="LayerBuffers"/>, and returns the layer's complexity cost; nothing is stashed on the layer. Thread
/// safety, therefore: passes may overlap, a parameter update must not overlap any other use.
/// </summary>
public abstract class Layer
{
    string _name = "";

    /// <summary>A readable name; a <see cref="Network"/> sets it to "layer k (Kind in→out)".</summary>
    public string Name
    {
        get => _name.Length == 0 ? Describe() : _name;
        internal set
        {
            _name = value;
            foreach (var p in Parameters) p.Owner = value;
        }
    }

    /// <summary>The kind and shape, e.g. "BayesianDense 784→400".</summary>
    public abstract string Describe();

    /// <summary>The trainable parameters (empty for activations), in a fixed order.</summary>
    public virtual IReadOnlyList<Parameter> Parameters { get; private protected init; } = [];

    /// <summary>The output width for a given input width: the same, unless the layer has a fixed shape or overrides it.</summary>
    /// <exception cref="ArgumentException">The layer cannot take inputs of that width.</exception>
    public virtual int OutputWidth(int inputWidth)
    {
        if (FixedShape is not (int inputs, int outputs)) return inputWidth;
        return inputWidth == inputs ? outputs
            : throw new ArgumentException($"{Describe()} takes {inputs} inputs, got inputWidth = {inputWidth}.", nameof(inputWidth));
    }

    /// <summary>The input width the layer fixes (null for a layer such as an activation that takes any width): a network reads its input width from its first layer.</summary>
    internal virtual int? FixedInputWidth => FixedShape?.Inputs;

    /// <summary>(inputs, outputs) of a layer that maps exactly that many inputs to that many outputs (Dense, BayesianDense); null for any width.</summary>
    private protected virtual (int Inputs, int Outputs)? FixedShape => null;

    /// <summary>y = layer(x) for a whole matrix in a prediction pass (allocates; for notebooks).</summary>
    /// <exception cref="ArgumentException">x has a width the layer cannot take.</exception>
    private protected Matrix ForwardMatrix(Matrix x, in ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = new Matrix(x.Rows, OutputWidth(x.Cols));
        Forward(x.Data, y.Data, x.Rows, CreateBuffers(x.Cols, Math.Max(1, x.Rows), false), context);
        return y;
    }

    /// <summary>
    /// Working memory for batches of up to <paramref name="maxRows"/> rows of width <paramref name="inputWidth"/>. The
    /// network has checked the arguments: inputWidth is one <see cref="OutputWidth"/> accepts, maxRows ≥ 1, and maxRows
    /// times every width of the network fits an array.
    /// </summary>
    internal abstract LayerBuffers CreateBuffers(int inputWidth, int maxRows, bool training);

    /// <summary>
    /// y = layer(x) for <paramref name="rows"/> rows (x is rows × in, y is rows × out, both exactly sized).
    /// In a training pass the layer's complexity-cost gradient, times <see cref="ForwardContext.KlScale"/>, is added
    /// to the gradient buffers.
    /// </summary>
    /// <returns>The layer's complexity cost KL(q ‖ P) (or its Monte Carlo estimate), unscaled; 0 in prediction passes and for deterministic layers.</returns>
    internal abstract double Forward(ReadOnlySpan<float> x, Span<float> y, int rows, LayerBuffers buffers, in ForwardContext context);

    /// <summary>
    /// Backward pass of the last training <see cref="Forward"/> on these buffers: adds ∂L/∂θ to the gradient
    /// buffers and writes ∂L/∂x into <paramref name="dx"/> (skipped when dx is empty, e.g. for the first layer).
    /// </summary>
    internal abstract void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, LayerBuffers buffers);

    /// <summary>
    /// Offered once, when the trainer builds its workspace: <paramref name="rules"/>[k] is the optimizer's rule for
    /// <see cref="Parameters"/>[k] (null when it has none). A layer that can fuse its update takes over these buffers'
    /// parameter update and returns it; the default declines.
    /// </summary>
    internal virtual IFusedUpdate? AcceptFusedUpdate(LayerBuffers buffers, IReadOnlyList<AdamRule?> rules) => null;

    /// <inheritdoc />
    public override string ToString() => Name;
}
