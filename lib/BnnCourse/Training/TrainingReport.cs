
namespace BnnCourse;

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

    /// <summary>
    /// A progress sink that passes on to <paramref name="inner"/> only the reports of one kind, e.g.
    /// <c>trainer.Fit(x, y, epochs, rng, TrainingReport.Only(TrainingReportKind.Epoch, chart))</c> for one point per epoch.
    /// Reports are forwarded synchronously on the reporting thread, unchanged and in order.
    /// </summary>
    /// <param name="kind">The kind to keep (<see cref="TrainingReportKind.Step"/> or <see cref="TrainingReportKind.Epoch"/>).</param>
    /// <param name="inner">Receives the kept reports.</param>
    /// <exception cref="ArgumentOutOfRangeException">kind is not a defined <see cref="TrainingReportKind"/>.</exception>
    /// <exception cref="ArgumentNullException">inner is null.</exception>
    public static IProgress<TrainingReport> Only(TrainingReportKind kind, IProgress<TrainingReport> inner)
    {
        if (!Enum.IsDefined(kind))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown report kind {kind}.");
        ArgumentNullException.ThrowIfNull(inner);
        return new KindFilter(kind, inner);
    }

    sealed class KindFilter(TrainingReportKind kind, IProgress<TrainingReport> inner) : IProgress<TrainingReport>
    {
        public void Report(TrainingReport value)
        {
            if (value.Kind == kind) inner.Report(value);
        }
    }
}
