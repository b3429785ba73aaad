using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Closed-form KL(N(μ, σ²) ‖ N(0, s²)) = Σᵢ [log(s/σᵢ) + (σᵢ² + μᵢ²)/(2s²) − ½] with
/// ∂/∂μᵢ = μᵢ/s² and ∂/∂ρᵢ = (σᵢ/s² − 1/σᵢ)·sigmoid(ρᵢ). Exact (no sampling noise); Gaussian prior only.
/// </summary>
/// <remarks>Kingma and Welling (2014), Appendix B; computed by <see cref="VariationalKernels.GaussianKl"/>.</remarks>
internal sealed class ClosedFormKl : KlDivergence
{
    public override bool NeedsWeightSample => false;

    public override void Validate(Prior prior)
    {
        base.Validate(prior);
        if (!prior.IsGaussian)
            throw new ArgumentException($"The closed-form KL needs a Gaussian prior, got {prior}; use KlDivergence.MonteCarlo.", nameof(prior));
    }

    public override double Evaluate(GaussianPosterior q, Prior prior, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> w,
        float klWeight, Span<float> gradMu, Span<float> gradRho, Span<float> scratch)
        => VariationalKernels.GaussianKl(q.Mu, q.Rho, prior.Sigma, klWeight, gradMu, gradRho);

    public override string ToString() => "closed-form KL";
}
