namespace BnnCourse;

/// <summary>
/// Training produced a NaN or infinite free energy or gradient. Thrown before the optimizer applies the update,
/// so the parameters keep their values from the last finite step (see <see cref="UpdateApplied"/> for the one exception).
/// </summary>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Divergence at <paramref name="step"/> (epoch <paramref name="epoch"/>) located in <paramref name="location"/>.</summary>
    public TrainingDivergedException(int step, int epoch, string location, string detail, bool updateApplied = false)
        : base($"Training diverged at step {step} (epoch {epoch}) in {location}: {detail}. " +
               (updateApplied ? "The update of this step was applied." : "The update was not applied; parameters keep their last finite values."))
    {
        Step = step;
        Epoch = epoch;
        Location = location;
        UpdateApplied = updateApplied;
    }

    /// <summary>
    /// True only in the rare case where the fused update found a non-finite KL while the loss and gradients were finite
    /// (the step's update was applied); otherwise the parameters are those before the failing step.
    /// </summary>
    public bool UpdateApplied { get; }

    /// <summary>The 1-based step whose loss or gradient was not finite.</summary>
    public int Step { get; }

    /// <summary>The 1-based epoch of that step.</summary>
    public int Epoch { get; }

    /// <summary>Where: a layer ("layer 3 (BayesianDense 400→10)"), a parameter of it, or the likelihood.</summary>
    public string Location { get; }
}
