
namespace BnnCourse;

/// <summary>
/// Caller-owned working memory of a <see cref="FreeEnergy"/> evaluation for batches of up to MaxRows rows: the
/// network workspace plus the likelihood's parameter gradients, with <see cref="Gradients"/> aligned with
/// <see cref="FreeEnergy.Parameters"/>. Created once and reused every step.
/// </summary>
public sealed class FreeEnergyWorkspace
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

    /// <summary>The largest batch.</summary>
    public int MaxRows => Network.MaxRows;

    internal float[][] LikelihoodGradients { get; }

    /// <summary>
    /// ∂Fᵢ/∂θ of the last <see cref="FreeEnergy.Evaluate"/>, aligned with <see cref="FreeEnergy.Parameters"/>.
    /// In a <see cref="BnnCourse.Trainer"/>'s workspace with <see cref="BnnCourse.Trainer.FuseUpdates"/> on (the default),
    /// the entries of fused layers are not written by a step (the backward pass, KL gradient and Adam update run in one
    /// pass without materialising them): use <see cref="FreeEnergy.Evaluate"/> on a workspace of your own, or
    /// FuseUpdates = false, to read gradients.
    /// </summary>
    public IReadOnlyList<float[]> Gradients { get; }
}
