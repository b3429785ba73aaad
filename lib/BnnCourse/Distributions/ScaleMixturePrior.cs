namespace BnnCourse.Distributions;

/// <summary>
/// Blundell's scale-mixture prior p(w) = π N(w | 0, σ₁²) + (1 − π) N(w | 0, σ₂²) with π ∈ (0, 1), σ₁ &gt; σ₂ &gt; 0
/// usual (σ₁ wide, σ₂ ≪ 1 concentrates mass at zero). It has no closed-form KL against a Gaussian: use
/// <see cref="Divergences.MonteCarloKl"/>.
/// </summary>
/// <remarks>
/// Blundell et al. (2015), eq. 7. The log-density is computed by log-sum-exp of the two log-components,
/// log p(w) = m + log(e^(a₁−m) + e^(a₂−m)), aₖ = log πₖ − ½ log 2π − log σₖ − w²/(2σₖ²), m = max(a₁, a₂),
/// which stays finite where either component density underflows; no constant is added anywhere.
/// The derivative is ∂ log p/∂w = −w (r₁/σ₁² + r₂/σ₂²) with responsibilities r₁ = sigmoid(a₁ − a₂), r₂ = 1 − r₁.
/// </remarks>
public sealed class ScaleMixturePrior : IPrior
{
    const double HalfLogTwoPi = 0.91893853320467274178;
    readonly double _c1, _c2, _h1, _h2; // aₖ = cₖ − hₖ w², hₖ = 1/(2σₖ²)

    /// <summary>The weight π ∈ (0, 1) of the first component N(0, σ₁²).</summary>
    public float Pi { get; }

    /// <summary>Standard deviation σ₁ &gt; 0 of the first component.</summary>
    public float Sigma1 { get; }

    /// <summary>Standard deviation σ₂ &gt; 0 of the second component.</summary>
    public float Sigma2 { get; }

    /// <summary>The mixture π N(0, σ₁²) + (1 − π) N(0, σ₂²).</summary>
    /// <exception cref="ArgumentOutOfRangeException">π outside (0, 1), or σ₁, σ₂ ≤ 0, NaN or infinite.</exception>
    public ScaleMixturePrior(float pi, float sigma1, float sigma2)
    {
        Require.OpenUnitInterval(pi, nameof(pi));
        Require.Positive(sigma1, nameof(sigma1));
        Require.Positive(sigma2, nameof(sigma2));
        Pi = pi; Sigma1 = sigma1; Sigma2 = sigma2;
        _c1 = Math.Log(pi) - HalfLogTwoPi - Math.Log(sigma1);
        _c2 = Math.Log(1.0 - pi) - HalfLogTwoPi - Math.Log(sigma2);
        _h1 = 0.5 / ((double)sigma1 * sigma1);
        _h2 = 0.5 / ((double)sigma2 * sigma2);
    }

    /// <summary>log p(w) summed over w, by log-sum-exp.</summary>
    public double LogDensity(ReadOnlySpan<float> w)
    {
        double sum = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double w2 = (double)w[i] * w[i];
            double a1 = _c1 - _h1 * w2, a2 = _c2 - _h2 * w2;
            double m = Math.Max(a1, a2);
            sum += m + Softplus.Log1P(Math.Exp(-Math.Abs(a1 - a2)));
        }
        return sum;
    }

    /// <summary>log p(w) summed over w; ∂ log p/∂wᵢ = −wᵢ (r₁/σ₁² + r₂/σ₂²) written into <paramref name="gradient"/>.</summary>
    public double LogDensity(ReadOnlySpan<float> w, Span<float> gradient)
    {
        Require.Length(gradient.Length, w.Length, nameof(gradient));
        double sum = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double wi = w[i], w2 = wi * wi;
            double d = (_c1 - _c2) - (_h1 - _h2) * w2;            // a₁ − a₂
            double e = Math.Exp(-Math.Abs(d));
            double a2 = _c2 - _h2 * w2;
            sum += (d > 0 ? a2 + d : a2) + Softplus.Log1P(e);      // max(a₁, a₂) + log(1 + e^(−|a₁−a₂|))
            double r1 = d >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e); // sigmoid(a₁ − a₂)
            gradient[i] = (float)(-2.0 * wi * (r1 * _h1 + (1.0 - r1) * _h2));
        }
        return sum;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Pi} N(0, {Sigma1}²) + {1 - Pi} N(0, {Sigma2}²)";
}
