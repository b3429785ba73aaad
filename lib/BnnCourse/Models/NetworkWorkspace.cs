using BnnCourse.Layers;

namespace BnnCourse.Models;

/// <summary>
/// The caller-owned working memory of one <see cref="Network"/> for batches of up to <see cref="MaxRows"/> rows:
/// every layer's output (the activations the backward pass needs), the gradients with respect to them, each
/// layer's noise and intermediates, and the parameter gradients aligned with <see cref="Network.Parameters"/>.
/// Created once (<see cref="Network.CreateWorkspace"/>) and reused every step: a training step allocates nothing.
/// Smaller (partial last) batches use the first rows.
/// </summary>
/// <remarks>
/// Thread safety: a workspace is single-threaded state, not safe for concurrent use. Handing it from one thread to
/// another between passes is fine (notebook cells and <c>await</c> continuations do that), but two passes
/// (<see cref="Network.Forward"/>, <see cref="Network.Backward"/>, <see cref="Network.Predict(NetworkWorkspace, ReadOnlySpan{float}, int, Span{float}, Randomness.Xoshiro256)"/>
/// and the rest) overlapping on one workspace throw <see cref="InvalidOperationException"/> naming the other thread,
/// instead of silently mixing two batches' buffers. The spans a pass returns (<see cref="Output"/>,
/// <see cref="LayerOutput"/>, <see cref="Gradients"/>) stay valid until the next pass on the workspace; reading
/// them is not guarded. Give each thread its own workspace (they are cheap).
/// </remarks>
public sealed class NetworkWorkspace
{
    int _user;  // the managed thread id of the pass in progress, 0 when idle
    int _depth; // nested passes of that thread (a trainer step holds the workspace around its forward and backward)

    internal NetworkWorkspace(Network network, int maxRows, bool training)
    {
        Network = network;
        MaxRows = maxRows;
        Training = training;
        var layers = network.Layers;
        foreach (int width in network.Widths) Require.ArrayLength(width, maxRows, "layer width", nameof(maxRows));
        Input = new float[maxRows * network.InputSize];
        LayerBuffers = new LayerBuffers[layers.Count];
        Activations = new float[layers.Count][];
        ActivationGradients = new float[layers.Count][];
        LayerKl = new double[layers.Count];
        var grads = new List<float[]>();
        for (int l = 0; l < layers.Count; l++)
        {
            int inWidth = network.Widths[l], outWidth = network.Widths[l + 1];
            LayerBuffers[l] = layers[l].CreateBuffers(inWidth, maxRows, training);
            Activations[l] = new float[maxRows * outWidth];
            ActivationGradients[l] = training ? new float[maxRows * outWidth] : [];
            grads.AddRange(LayerBuffers[l].Gradients);
        }
        Gradients = grads;
    }

    /// <summary>The network these buffers belong to.</summary>
    public Network Network { get; }

    /// <summary>The largest batch the workspace holds.</summary>
    public int MaxRows { get; }

    /// <summary>True for a training workspace (backward buffers and gradients present).</summary>
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

    /// <summary>The network output of the last pass, rows × out.</summary>
    public ReadOnlySpan<float> Output => LayerOutput(Activations.Length - 1);

    /// <summary>∂L/∂output, rows × out: the loss writes it, <see cref="Network.Backward"/> reads it.</summary>
    public Span<float> OutputGradient
    {
        get
        {
            if (!Training) throw new InvalidOperationException("A prediction workspace has no gradient buffers; use Network.CreateWorkspace.");
            return ActivationGradients[^1].AsSpan(0, Rows * Network.OutputSize);
        }
    }

    /// <summary>Marks a pass as running (nested calls on the same thread are fine); throws when a pass on another thread is running on this workspace.</summary>
    internal Pass Enter()
    {
        int me = Environment.CurrentManagedThreadId;
        if (Volatile.Read(ref _user) == me) // only this thread stores its own id, so it holds the workspace
        {
            _depth++;
            return new Pass(this);
        }
        int other = Interlocked.CompareExchange(ref _user, me, 0);
        if (other != 0)
            throw new InvalidOperationException($"This workspace is already in use by a pass on thread {other} (this call is on thread {me}): a workspace is single-threaded state, so two passes cannot share it at the same time. Create one workspace per thread.");
        _depth = 1;
        return new Pass(this);
    }

    internal readonly struct Pass(NetworkWorkspace workspace) : IDisposable
    {
        public void Dispose()
        {
            if (--workspace._depth == 0) Volatile.Write(ref workspace._user, 0);
        }
    }

    /// <summary>Sets every parameter gradient to zero.</summary>
    public void ClearGradients()
    {
        foreach (var g in Gradients) g.AsSpan().Clear();
    }

    /// <summary>Zeroes the gradients of every layer except those whose update will be fused (they are not written).</summary>
    internal void ClearGradientsExceptFusable()
    {
        var layers = Network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            if (layers[l] is BayesianDense { CanFuseUpdate: true }) continue;
            foreach (var g in LayerBuffers[l].Gradients) g.AsSpan().Clear();
        }
    }
}
