namespace BnnCourse;

/// <summary>
/// The caller-owned working memory of one layer for batches of up to <see cref="MaxRows"/> rows: the noise drawn
/// in the forward pass, the intermediates its backward pass needs, and the parameter gradients. Created once by
/// <see cref="Layer.CreateBuffers"/> and reused every step, so a training step allocates nothing.
/// </summary>
internal abstract class LayerBuffers
{
    /// <summary>Buffers for up to <paramref name="maxRows"/> rows.</summary>
    protected LayerBuffers(int maxRows, bool training, float[][] gradients)
    {
        MaxRows = maxRows;
        Training = training;
        Gradients = gradients;
    }

    /// <summary>The largest batch these buffers hold.</summary>
    public int MaxRows { get; }

    /// <summary>True when the buffers support training (backward pass and gradients).</summary>
    public bool Training { get; }

    /// <summary>Gradient arrays aligned with <see cref="Layer.Parameters"/> (empty for prediction buffers).</summary>
    public float[][] Gradients { get; }

    /// <summary>True once <see cref="Layer.AcceptFusedUpdate"/> took the update over: <see cref="Gradients"/> is then never written.</summary>
    public bool UpdateFused { get; set; }
}
