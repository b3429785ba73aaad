using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// A fully factorised prior P(w) = Πᵢ p(wᵢ) over the weights of a layer, one of the two of Blundell et al. (2015):
/// <see cref="Gaussian"/> N(0, σ²), or the <see cref="ScaleMixture"/> π N(0, σ₁²) + (1 − π) N(0, σ₂²) (eq. 7).
/// It gives the log-density and its gradient, the two things the Monte Carlo complexity cost log q(w) − log P(w) needs.
/// </summary>
/// <remarks>
/// A Gaussian is the mixture with π = 1 and σ₁ = σ₂ = σ, so <see cref="Pi"/>, <see cref="Sigma1"/>, <see cref="Sigma2"/>
/// describe either; only the Gaussian has a closed-form KL against the Gaussian posterior (<see cref="KlDivergence.ClosedForm"/>).
/// The mixture's log-density is computed by log-sum-exp of the two log-components,
/// log p(w) = m + log(e^(a₁−m) + e^(a₂−m)), aₖ = log πₖ − ½ log 2π − log σₖ − w²/(2σₖ²), m = max(a₁, a₂),
/// which stays finite where either component density underflows; no constant is added anywhere.
/// Its derivative is ∂ log p/∂w = −w (r₁/σ₁² + r₂/σ₂²) with responsibilities r₁ = sigmoid(a₁ − a₂), r₂ = 1 − r₁.
/// </remarks>
public sealed class Prior
{
    Prior(bool gaussian, float pi, float sigma1, float sigma2)
    {
        (IsGaussian, Pi, Sigma1, Sigma2) = (gaussian, pi, sigma1, sigma2);
        if (!gaussian) Constants = new MixturePriorConstants(pi, sigma1, sigma2);
    }

    /// <summary>The zero-mean Gaussian prior p(w) = N(w | 0, σ²) on every weight, σ &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0, NaN or infinite.</exception>
    public static Prior Gaussian(float sigma) => new(true, 1f, Require.Positive(sigma, nameof(sigma)), sigma);

    /// <summary>
    /// Blundell's scale mixture p(w) = π N(w | 0, σ₁²) + (1 − π) N(w | 0, σ₂²), π ∈ (0, 1), usually σ₁ &gt; σ₂ (σ₁ wide,
    /// σ₂ ≪ 1 concentrates mass at zero). It has no closed-form KL against a Gaussian: use <see cref="KlDivergence.MonteCarlo"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">π outside (0, 1), or σ₁, σ₂ ≤ 0, NaN or infinite.</exception>
    public static Prior ScaleMixture(float pi, float sigma1, float sigma2) => new(false,
        Require.OpenUnitInterval(pi, nameof(pi)), Require.Positive(sigma1, nameof(sigma1)), Require.Positive(sigma2, nameof(sigma2)));

    /// <summary>The standard normal prior N(0, 1).</summary>
    public static Prior StandardNormal { get; } = Gaussian(1f);

    /// <summary>True for the Gaussian N(0, σ²), false for the scale mixture.</summary>
    public bool IsGaussian { get; }

    /// <summary>The weight π of the first component N(0, σ₁²): in (0, 1) for the mixture, 1 for the Gaussian.</summary>
    public float Pi { get; }

    /// <summary>Standard deviation σ₁ &gt; 0 of the first component (σ of the Gaussian).</summary>
    public float Sigma1 { get; }

    /// <summary>Standard deviation σ₂ &gt; 0 of the second component (σ of the Gaussian).</summary>
    public float Sigma2 { get; }

    /// <summary>The Gaussian's standard deviation σ &gt; 0 (= σ₁ = σ₂).</summary>
    /// <exception cref="InvalidOperationException">The prior is the scale mixture, which has two: read <see cref="Sigma1"/> and <see cref="Sigma2"/>.</exception>
    public float Sigma => IsGaussian ? Sigma1
        : throw new InvalidOperationException($"The scale mixture {this} has no single σ: read Sigma1 = {Sigma1} and Sigma2 = {Sigma2}.");

    /// <summary>The mixture's kernel constants (default for the Gaussian).</summary>
    internal MixturePriorConstants Constants { get; }

    /// <summary>
    /// log P(w) = Σᵢ log p(wᵢ), summed in double: the readable reference (tests, notebooks). For the Gaussian
    /// −½ log 2π − log σ − w²/(2σ²) per weight; for the mixture the log-sum-exp above.
    /// </summary>
    public double LogDensity(ReadOnlySpan<float> w)
    {
        if (IsGaussian)
        {
            double sumSquares = 0;
            for (int i = 0; i < w.Length; i++) sumSquares += (double)w[i] * w[i];
            double s = Sigma;
            return -w.Length * (MathConstants.HalfLogTwoPi + Math.Log(s)) - 0.5 * sumSquares / (s * s);
        }
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
    /// log P(w) summed over w, and ∂ log p(wᵢ)/∂wᵢ written (not added) into <paramref name="gradient"/> (same length as w):
    /// −wᵢ/σ² for the Gaussian (one rounding per element, any width, then the double sum above); for the mixture
    /// −wᵢ (r₁/σ₁² + r₂/σ₂²) by the float kernel of the Monte Carlo KL, summed in double (agrees with the double
    /// overload to float rounding).
    /// </summary>
    public double LogDensity(ReadOnlySpan<float> w, Span<float> gradient)
    {
        Require.Length(gradient.Length, w.Length, nameof(gradient));
        if (!IsGaussian) return VariationalKernels.MixtureLogDensity(w, Constants, gradient);
        float minusInvVar = (float)(-1.0 / ((double)Sigma * Sigma));
        for (int i = 0; i < w.Length; i++) gradient[i] = w[i] * minusInvVar;
        return LogDensity(w);
    }

    /// <inheritdoc />
    public override string ToString() => IsGaussian ? $"N(0, {Sigma}²)" : $"{Pi} N(0, {Sigma1}²) + {1 - Pi} N(0, {Sigma2}²)";
}
