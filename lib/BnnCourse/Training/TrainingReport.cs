namespace BnnCourse;

/// <summary>
/// Progress of a <see cref="Trainer"/>, reported after every step and every epoch (notebooks draw live charts from it).
/// </summary>
/// <remarks>Built by the trainer only; a learner reads it (<see cref="IsEpoch"/>, <see cref="Parts"/>, <see cref="FreeEnergy"/>).</remarks>
public readonly record struct TrainingReport
{
    internal TrainingReport(bool isEpoch, int step, int epoch, int minibatchIndex, FreeEnergyParts parts)
    {
        IsEpoch = isEpoch;
        Step = step;
        Epoch = epoch;
        MinibatchIndex = minibatchIndex;
        Parts = parts;
    }

    /// <summary>True for the report after a whole epoch, false for the report after one minibatch step.</summary>
    public bool IsEpoch { get; }

    /// <summary>Optimizer steps completed so far (1-based, over the trainer's life).</summary>
    public int Step { get; }

    /// <summary>The epoch (1-based, over the trainer's life).</summary>
    public int Epoch { get; }

    /// <summary>i, the minibatch within the epoch (1-based; M for an epoch report).</summary>
    public int MinibatchIndex { get; }

    /// <summary>
    /// For a step: the minibatch cost Fᵢ in parts. For an epoch: the estimate of the full-data F = Σᵢ Fᵢ
    /// (<see cref="KlWeighting.PerMinibatch"/>, <see cref="KlWeighting.Geometric"/>) or Σᵢ Bᵢ Fᵢ (<see cref="KlWeighting.PerExample"/>),
    /// with the unweighted KL averaged over the epoch's steps and the negative log-likelihood summed over all N examples.
    /// </summary>
    public FreeEnergyParts Parts { get; }

    /// <summary>The (minibatch or epoch) free energy, complexity plus likelihood cost.</summary>
    public double FreeEnergy => Parts.Total;

    /// <summary>
    /// A progress sink that passes on to <paramref name="inner"/> only the epoch reports, e.g.
    /// <c>trainer.Fit(x, y, epochs, rng, TrainingReport.EpochsOnly(chart))</c> for one point per epoch.
    /// Reports are forwarded synchronously on the reporting thread, unchanged and in order.
    /// </summary>
    /// <exception cref="ArgumentNullException">inner is null.</exception>
    public static IProgress<TrainingReport> EpochsOnly(IProgress<TrainingReport> inner) => new Filter(true, inner);

    /// <summary>A progress sink that passes on to <paramref name="inner"/> only the step reports (as <see cref="EpochsOnly"/>).</summary>
    /// <exception cref="ArgumentNullException">inner is null.</exception>
    public static IProgress<TrainingReport> StepsOnly(IProgress<TrainingReport> inner) => new Filter(false, inner);

    sealed class Filter(bool epochs, IProgress<TrainingReport> inner) : IProgress<TrainingReport>
    {
        readonly IProgress<TrainingReport> inner = inner ?? throw new ArgumentNullException(nameof(inner));
        public void Report(TrainingReport value) { if (value.IsEpoch == epochs) inner.Report(value); }
    }
}
