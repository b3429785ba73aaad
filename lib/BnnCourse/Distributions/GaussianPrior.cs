using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Zero-mean Gaussian prior p(w) = N(w | 0, σ²) on every weight, σ &gt; 0. The Gaussian prior has a closed-form
/// KL against the Gaussian posterior (see <see cref="KlDivergence.ClosedForm"/>).
/// </summary>
public sealed class GaussianPrior : IPrior
{
    /// <summary>The prior standard deviation σ &gt; 0.</summary>
    public float Sigma { get; }

    /// <summary>N(0, σ²) with σ &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0, NaN or infinite.</exception>
    public GaussianPrior(float sigma)
    {
        Require.Positive(sigma, nameof(sigma));
        Sigma = sigma;
    }

    /// <summary>The standard normal prior N(0, 1).</summary>
    public static GaussianPrior StandardNormal { get; } = new(1f);

    /// <summary>log N(w | 0, σ²) = −½ log 2π − log σ − w²/(2σ²), summed over w.</summary>
    public double LogDensity(ReadOnlySpan<float> w)
    {
        double sumSquares = 0;
        for (int i = 0; i < w.Length; i++) sumSquares += (double)w[i] * w[i];
        double s = Sigma;
        return -w.Length * (MathConstants.HalfLogTwoPi + Math.Log(s)) - 0.5 * sumSquares / (s * s);
    }

    /// <summary>log N(w | 0, σ²) summed over w; ∂/∂wᵢ = −wᵢ/σ² written into <paramref name="gradient"/>.</summary>
    public double LogDensity(ReadOnlySpan<float> w, Span<float> gradient)
    {
        Require.Length(gradient.Length, w.Length, nameof(gradient));
        float minusInvVar = (float)(-1.0 / ((double)Sigma * Sigma));
        for (int i = 0; i < w.Length; i++) gradient[i] = w[i] * minusInvVar;   // one rounding per element, any width
        return LogDensity(w);
    }

    /// <inheritdoc />
    public override string ToString() => $"N(0, {Sigma}²)";
}
