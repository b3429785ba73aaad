namespace BnnCourse;

/// <summary>
/// Caller-owned working memory of a <see cref="FreeEnergy"/> evaluation for batches of up to MaxRows rows: the
/// network workspace plus the likelihood's parameter gradients, with <see cref="Gradients"/> aligned with
/// <see cref="FreeEnergy.Parameters"/>. Created once and reused every step.
/// </summary>
/// <remarks>Thread safety: single-threaded; an evaluation started while another runs on another thread throws
/// <see cref="InvalidOperationException"/> (the guard of its <see cref="NetworkWorkspace"/>).</remarks>
internal sealed class FreeEnergyWorkspace
{
    internal FreeEnergyWorkspace(FreeEnergy objective, int maxRows)
    {
        Objective = objective;
        Network = objective.Network.CreateWorkspace(maxRows);
        LikelihoodGradients = objective.Likelihood.Parameters.Select(p => new float[p.Length]).ToArray();
        Gradients = [.. Network.Gradients, .. LikelihoodGradients];
    }

    /// <summary>The objective these buffers belong to.</summary>
    public FreeEnergy Objective { get; }

    /// <summary>The network's training workspace (activations, per-layer KL, network gradients).</summary>
    public NetworkWorkspace Network { get; }

    internal float[][] LikelihoodGradients { get; }

    /// <summary>∂Fᵢ/∂θ of the last <c>FreeEnergy.Evaluate</c>, aligned with <see cref="FreeEnergy.Parameters"/>.</summary>
    public IReadOnlyList<float[]> Gradients { get; }
}
