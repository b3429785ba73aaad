using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// The one-sample Monte Carlo complexity cost f(w, θ) = log q(w | θ) − log P(w) at w = μ + σ ⊙ ε, for any prior
/// (Blundell et al. 2015, eq. 2 and §3.2). Its expectation over ε is KL(q ‖ P).
/// </summary>
/// <remarks>
/// Gradient (Blundell's update, Δμ = ∂f/∂w + ∂f/∂μ, Δρ = ∂f/∂w · ε/(1 + e^(−ρ)) + ∂f/∂ρ): with
/// log q(w | θ) = Σ −½ log 2π − log σ − (w − μ)²/(2σ²), the log q parts are ∂/∂w = −ε/σ, ∂/∂μ = +ε/σ,
/// ∂/∂ρ = (ε² − 1)/σ · sigmoid(ρ); they cancel in Δμ and leave −sigmoid(ρ)/σ in Δρ. So
/// Δμ = −∂ log P/∂w and Δρ = −∂ log P/∂w · ε · sigmoid(ρ) − sigmoid(ρ)/σ, which is what this class adds.
/// </remarks>
internal sealed class MonteCarloKl : KlDivergence
{
    public override bool NeedsWeightSample => true;

    /// <remarks>
    /// One kernel pass for either prior (<see cref="VariationalKernels"/>). The value is the same bits whether or not
    /// a gradient is asked for (klWeight = 0).
    /// </remarks>
    public override double Evaluate(GaussianPosterior q, Prior prior, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> w,
        float klWeight, Span<float> gradMu, Span<float> gradRho, Span<float> scratch)
        => prior.IsGaussian
            ? VariationalKernels.GaussianSampleKl(w, epsilon, q.Rho, prior.Sigma, klWeight, gradMu, gradRho)
            : VariationalKernels.ScaleMixtureKlCore(Simd.Preferred, default, w, q.Rho, epsilon, prior.Constants, klWeight, gradMu, gradRho);

    public override string ToString() => "Monte Carlo KL";
}
