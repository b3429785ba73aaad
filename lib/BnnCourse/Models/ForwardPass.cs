namespace BnnCourse;

/// <summary>
/// What a network's forward pass hands to the loss: the outputs (rows × out, a view into the workspace, valid
/// until the workspace is used again) and the complexity cost Σ_layers KL(q ‖ P), unscaled.
/// </summary>
internal readonly ref struct ForwardPass
{
    internal ForwardPass(ReadOnlySpan<float> output, int rows, double kl)
    {
        Output = output;
        Rows = rows;
        Kl = kl;
    }

    /// <summary>The network outputs, rows × <see cref="Network.OutputSize"/>, row-major.</summary>
    public ReadOnlySpan<float> Output { get; }

    /// <summary>Number of rows in this pass.</summary>
    public int Rows { get; }

    /// <summary>The complexity cost KL(q ‖ P) summed over layers (closed form or one-sample estimate), unscaled; 0 when not training.</summary>
    public double Kl { get; }
}
