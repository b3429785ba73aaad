using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Blundell's scale-mixture prior p(w) = π N(w | 0, σ₁²) + (1 − π) N(w | 0, σ₂²) with π ∈ (0, 1), σ₁ &gt; σ₂ &gt; 0
/// usual (σ₁ wide, σ₂ ≪ 1 concentrates mass at zero). It has no closed-form KL against a Gaussian: use
/// <see cref="KlDivergence.MonteCarlo"/>.
/// </summary>
/// <remarks>
/// Blundell et al. (2015), eq. 7. The log-density is computed by log-sum-exp of the two log-components,
/// log p(w) = m + log(e^(a₁−m) + e^(a₂−m)), aₖ = log πₖ − ½ log 2π − log σₖ − w²/(2σₖ²), m = max(a₁, a₂),
/// which stays finite where either component density underflows; no constant is added anywhere.
/// The derivative is ∂ log p/∂w = −w (r₁/σ₁² + r₂/σ₂²) with responsibilities r₁ = sigmoid(a₁ − a₂), r₂ = 1 − r₁.
/// </remarks>
public sealed class ScaleMixturePrior : IPrior
{

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
        Constants = new MixturePriorConstants(pi, sigma1, sigma2);
    }

    internal MixturePriorConstants Constants { get; }

    /// <summary>
    /// log p(w) summed over w, by log-sum-exp in double: the readable reference (tests, notebooks). Training and the
    /// Monte Carlo KL use the float kernel of the gradient overload.
    /// </summary>
    public double LogDensity(ReadOnlySpan<float> w)
    {
        double c1 = Math.Log(Pi) - MathConstants.HalfLogTwoPi - Math.Log(Sigma1), h1 = 0.5 / ((double)Sigma1 * Sigma1);
        double c2 = Math.Log(1.0 - Pi) - MathConstants.HalfLogTwoPi - Math.Log(Sigma2), h2 = 0.5 / ((double)Sigma2 * Sigma2);
        double sum = 0;
        foreach (float wi in w)
        {
            double w2 = (double)wi * wi, a1 = c1 - h1 * w2, a2 = c2 - h2 * w2;
            sum += Math.Max(a1, a2) + Softplus.Log1P(Math.Exp(-Math.Abs(a1 - a2)));
        }
        return sum;
    }

    /// <summary>
    /// log p(w) summed over w; ∂ log p/∂wᵢ = −wᵢ (r₁/σ₁² + r₂/σ₂²) written into <paramref name="gradient"/>. The
    /// training path: the float kernel of the Monte Carlo KL, summed in double (agrees with the double overload to
    /// float rounding).
    /// </summary>
    public double LogDensity(ReadOnlySpan<float> w, Span<float> gradient)
    {
        Require.Length(gradient.Length, w.Length, nameof(gradient));
        return VariationalKernels.MixtureLogDensity(w, Constants, gradient);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Pi} N(0, {Sigma1}²) + {1 - Pi} N(0, {Sigma2}²)";
}
