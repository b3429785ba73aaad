using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// How a layer's complexity cost KL(q(w | θ) ‖ P(w)) and its gradient with respect to θ = (μ, ρ) are computed:
/// <see cref="ClosedForm"/> (exact, Gaussian prior only) or <see cref="MonteCarlo"/> (the one-sample estimate
/// log q(w | θ) − log P(w) at the weights actually sampled, any prior). Swappable per layer.
/// </summary>
public abstract class KlDivergence
{
    /// <summary>The closed form for a Gaussian posterior against a zero-mean Gaussian prior.</summary>
    public static KlDivergence ClosedForm { get; } = new ClosedFormKl();

    /// <summary>The Monte Carlo estimate log q(w | θ) − log P(w) at the sampled w (Blundell et al. 2015, eq. 2).</summary>
    public static KlDivergence MonteCarlo { get; } = new MonteCarloKl();

    /// <summary>True when the estimate needs the sampled weights w = μ + σ ⊙ ε (and ε).</summary>
    public abstract bool NeedsWeightSample { get; }

    /// <summary>Throws when this divergence cannot be computed against <paramref name="prior"/> (the Monte Carlo form takes any prior).</summary>
    /// <exception cref="ArgumentException">The prior is null or not supported (closed form needs a Gaussian <see cref="Prior"/>).</exception>
    public virtual void Validate(Prior prior) => ArgumentNullException.ThrowIfNull(prior);

    /// <summary>
    /// The KL value (or its one-sample estimate) for posterior <paramref name="q"/> (μ, ρ) against <paramref name="prior"/>,
    /// unscaled, and — when <paramref name="klWeight"/> (the term's weight in the objective, e.g. π_i / S) ≠ 0 —
    /// klWeight·∂KL/∂μ added to <paramref name="gradMu"/> and klWeight·∂KL/∂ρ added to <paramref name="gradRho"/>.
    /// <paramref name="epsilon"/> and <paramref name="w"/> are the sample w = μ + σ ⊙ ε (ignored by the closed form);
    /// <paramref name="scratch"/> is working space of length q.Count (the Monte Carlo form writes ∂ log P/∂w into it).
    /// </summary>
    /// <returns>The unscaled KL (closed form) or log q(w | θ) − log P(w) (Monte Carlo), in double.</returns>
    public abstract double Evaluate(GaussianPosterior q, Prior prior, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> w,
        float klWeight, Span<float> gradMu, Span<float> gradRho, Span<float> scratch);

    /// <summary>The value alone, for notebooks: draws ε from <paramref name="rng"/> when a sample is needed (allocates).</summary>
    public double Value(GaussianPosterior q, Prior prior, Xoshiro256 rng)
    {
        ArgumentNullException.ThrowIfNull(q);
        Validate(prior);
        ArgumentNullException.ThrowIfNull(rng);
        var epsilon = new float[q.Count];
        var w = new float[q.Count];
        if (NeedsWeightSample) q.Sample(rng, epsilon, w);
        return Evaluate(q, prior, epsilon, w, 0f, default, default, default);
    }
}
