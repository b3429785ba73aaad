using BnnCourse.Objectives;

namespace BnnCourse.Training;

/// <summary>
/// Progress of a <see cref="Trainer"/>, reported after every step and every epoch (notebooks draw live charts from it).
/// </summary>
/// <param name="Kind">Step or epoch report.</param>
/// <param name="Step">Optimizer steps completed so far (1-based, over the trainer's life).</param>
/// <param name="Epoch">The epoch (1-based, over the trainer's life).</param>
/// <param name="MinibatchIndex">i, the minibatch within the epoch (1-based; M for an epoch report).</param>
/// <param name="Parts">
/// For a step: the minibatch cost Fᵢ in parts. For an epoch: the estimate of the full-data F = Σᵢ Fᵢ
/// (<see cref="KlWeighting.PerMinibatch"/>, <see cref="KlWeighting.Geometric"/>) or Σᵢ Bᵢ Fᵢ (<see cref="KlWeighting.PerExample"/>),
/// with the unweighted KL averaged over the epoch's steps and the negative log-likelihood summed over all N examples.
/// </param>
public readonly record struct TrainingReport(TrainingReportKind Kind, int Step, int Epoch, int MinibatchIndex, FreeEnergyParts Parts)
{
    /// <summary>The (minibatch or epoch) free energy, complexity plus likelihood cost.</summary>
    public double FreeEnergy => Parts.Total;
}
