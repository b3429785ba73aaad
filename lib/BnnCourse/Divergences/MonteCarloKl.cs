using BnnCourse.Distributions;

namespace BnnCourse.Divergences;

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
public sealed class MonteCarloKl : KlDivergence
{
    const double HalfLogTwoPi = 0.91893853320467274178;

    internal MonteCarloKl() { }

    /// <inheritdoc />
    public override bool NeedsWeightSample => true;

    /// <inheritdoc />
    public override void Validate(IPrior prior) => ArgumentNullException.ThrowIfNull(prior);

    /// <inheritdoc />
    public override double Evaluate(GaussianPosterior q, IPrior prior, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> w,
        float gradientScale, Span<float> gradMu, Span<float> gradRho, Span<float> scratch)
    {
        var rho = q.Rho;
        double logP;
        double logQ = 0;
        if (gradientScale == 0)
        {
            logP = prior.LogDensity(w);
            for (int i = 0; i < rho.Length; i++)
                logQ -= HalfLogTwoPi + Softplus.LogValue(rho[i]) + 0.5 * (double)epsilon[i] * epsilon[i];
            return logQ - logP;
        }
        var gradLogP = scratch[..rho.Length];
        logP = prior.LogDensity(w, gradLogP);
        double s = gradientScale;
        for (int i = 0; i < rho.Length; i++)
        {
            double r = rho[i], eps = epsilon[i];
            double sigma = Softplus.Value(r), sig = Softplus.Derivative(r);
            logQ -= HalfLogTwoPi + Softplus.LogValue(r) + 0.5 * eps * eps;
            double g = gradLogP[i];
            gradMu[i] += (float)(-s * g);
            gradRho[i] += (float)(s * (-g * eps * sig - sig / sigma));
        }
        return logQ - logP;
    }

    /// <inheritdoc />
    public override string ToString() => "Monte Carlo KL";
}
