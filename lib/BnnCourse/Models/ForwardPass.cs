namespace BnnCourse;

/// <summary>
/// What a network's forward pass hands to the loss: the outputs (rows × out, a view into the workspace, valid
/// until the workspace is used again) and the complexity cost Σ_layers KL(q ‖ P), unscaled.
/// </summary>
internal readonly ref struct ForwardPass(ReadOnlySpan<float> output, double kl)
{
    /// <summary>The network outputs, rows × <see cref="Network.OutputSize"/>, row-major.</summary>
    public ReadOnlySpan<float> Output { get; } = output;

    /// <summary>The complexity cost KL(q ‖ P) summed over layers (closed form or one-sample estimate), unscaled; 0 when not training.</summary>
    public double Kl { get; } = kl;
}
