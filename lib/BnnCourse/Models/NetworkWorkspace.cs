using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// The caller-owned working memory of one <see cref="Network"/> for batches of up to <see cref="MaxRows"/> rows:
/// every layer's output (the activations the backward pass needs), the gradients with respect to them, each
/// layer's noise and intermediates, and the parameter gradients aligned with <see cref="Network.Parameters"/>.
/// Created once (<see cref="Network.CreateWorkspace"/>) and reused every step: a training step allocates nothing.
/// Smaller (partial last) batches use the first rows.
/// </summary>
/// <remarks>
/// Thread safety: a workspace serves one pass at a time. Give each thread its own (workspaces are cheap next to the
/// network's parameters, which passes only read). Using one workspace from two threads at once is detected, not
/// silently wrong: the second call throws <see cref="InvalidOperationException"/> (a cheap owner check at the start
/// of every pass). Calls from different threads one after another are fine.
/// </remarks>
internal sealed class NetworkWorkspace
{
    int _owner, _depth; // the managed thread id inside a pass on this workspace (0: none), and its nesting depth

    /// <summary>Marks the start of a pass; throws when another thread is inside one on this workspace.</summary>
    internal void Enter(string operation)
    {
        int me = Environment.CurrentManagedThreadId;
        int owner = Interlocked.CompareExchange(ref _owner, me, 0);
        if (owner != 0 && owner != me)
            throw new InvalidOperationException(
                $"{operation}: this NetworkWorkspace is in use by another thread (managed thread {owner}). A workspace " +
                "serves one pass at a time: give each thread its own (Network.CreateWorkspace / CreatePredictionWorkspace).");
        _depth++;
    }

    /// <summary>Marks the end of a pass started by <see cref="Enter"/>.</summary>
    internal void Exit()
    {
        if (--_depth == 0) Volatile.Write(ref _owner, 0);
    }

    /// <summary>A pass in progress: disposing it calls <see cref="Exit"/> (a <c>using</c> after <see cref="Enter"/>).</summary>
    internal readonly ref struct Scope(NetworkWorkspace workspace)
    {
        public void Dispose() => workspace.Exit();
    }

    internal NetworkWorkspace(Network network, int maxRows, bool training)
    {
        Require.Positive(maxRows, nameof(maxRows));
        foreach (int width in network.Widths)
            if ((long)maxRows * width > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows,
                    $"maxRows × layer width = {maxRows} × {width} = {(long)maxRows * width} elements, more than the largest array ({Array.MaxLength}): use smaller batches.");
        (Network, MaxRows, Training) = (network, maxRows, training);
        var widths = network.Widths;
        Input = new float[maxRows * widths[0]]; // each maxRows × width fits an array (checked above)
        LayerBuffers = [.. network.Layers.Select((layer, l) => layer.CreateBuffers(widths[l], maxRows, training))];
        Activations = [.. widths.Skip(1).Select(width => new float[maxRows * width])];
        ActivationGradients = [.. Activations.Select(a => new float[training ? a.Length : 0])];
        LayerKl = new double[LayerBuffers.Length];
        Gradients = [.. LayerBuffers.SelectMany(b => b.Gradients)];
    }

    // The network these buffers belong to, the largest batch they hold, and whether they serve training passes
    // (backward buffers and gradients present).
    public Network Network { get; }
    public int MaxRows { get; }
    public bool Training { get; }

    /// <summary>Rows of the last forward pass.</summary>
    public int Rows { get; internal set; }

    /// <summary>True once a training forward pass has filled the buffers a backward pass needs.</summary>
    internal bool ReadyForBackward { get; set; }

    internal float[] Input { get; }
    internal LayerBuffers[] LayerBuffers { get; }
    internal float[][] Activations { get; }
    internal float[][] ActivationGradients { get; }

    /// <summary>The complexity cost of each layer in the last pass on this workspace (0 for deterministic layers and in prediction passes), unscaled.</summary>
    public double[] LayerKl { get; }

    /// <summary>Parameter gradients aligned with <see cref="Network.Parameters"/> (empty for prediction workspaces).</summary>
    public IReadOnlyList<float[]> Gradients { get; }

    /// <summary>The output of layer <paramref name="layer"/> (0-based) in the last pass, rows × width (for notebooks and diagnostics).</summary>
    public ReadOnlySpan<float> LayerOutput(int layer)
    {
        Require.InRange(layer, 0, Activations.Length - 1, nameof(layer));
        return Activations[layer].AsSpan(0, Rows * Network.Widths[layer + 1]);
    }

    /// <summary>∂L/∂output, rows × out: the loss writes it, <c>Network.Backward</c> reads it.</summary>
    public Span<float> OutputGradient => Training ? ActivationGradients[^1].AsSpan(0, Rows * Network.OutputSize)
        : throw new InvalidOperationException("A prediction workspace has no gradient buffers; use Network.CreateWorkspace.");

    /// <summary>Sets every parameter gradient to zero.</summary>
    public void ClearGradients()
    {
        foreach (var buffers in LayerBuffers)
            if (!buffers.UpdateFused) // a fused update never writes (or reads) these
                foreach (var g in buffers.Gradients) g.AsSpan().Clear();
    }
}
