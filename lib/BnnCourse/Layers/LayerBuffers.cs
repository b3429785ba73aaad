namespace BnnCourse;

/// <summary>
/// The caller-owned working memory of one layer: the noise drawn in the forward pass, the intermediates its backward
/// pass needs, and the parameter gradients. Created once by <see cref="Layer.CreateBuffers"/> and reused every step,
/// so a training step allocates nothing. A layer that needs nothing beyond its gradients (Dense, an activation) uses
/// this class as it is; the others derive their own.
/// </summary>
internal class LayerBuffers(float[][] gradients)
{
    /// <summary>Gradient arrays aligned with <see cref="Layer.Parameters"/> (empty for prediction buffers).</summary>
    public float[][] Gradients { get; } = gradients;

    /// <summary>True once <see cref="Layer.AcceptFusedUpdate"/> took the update over: <see cref="Gradients"/> is then never written.</summary>
    public bool UpdateFused { get; set; }
}
