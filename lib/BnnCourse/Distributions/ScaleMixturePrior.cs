using System.Numerics;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Blundell's scale-mixture prior p(w) = π N(w | 0, σ₁²) + (1 − π) N(w | 0, σ₂²) with π ∈ (0, 1), σ₁ &gt; σ₂ &gt; 0
/// usual (σ₁ wide, σ₂ ≪ 1 concentrates mass at zero). It has no closed-form KL against a Gaussian: use
/// <see cref="BnnCourse.MonteCarloKl"/>.
/// </summary>
/// <remarks>
/// Blundell et al. (2015), eq. 7. The log-density is computed by log-sum-exp of the two log-components,
/// log p(w) = m + log(e^(a₁−m) + e^(a₂−m)), aₖ = log πₖ − ½ log 2π − log σₖ − w²/(2σₖ²), m = max(a₁, a₂),
/// which stays finite where either component density underflows; no constant is added anywhere.
/// The derivative is ∂ log p/∂w = −w (r₁/σ₁² + r₂/σ₂²) with responsibilities r₁ = sigmoid(a₁ − a₂), r₂ = 1 − r₁.
/// </remarks>
public sealed class ScaleMixturePrior : IPrior
{
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
        _c1 = Math.Log(pi) - MathConstants.HalfLogTwoPi - Math.Log(sigma1);
        _c2 = Math.Log(1.0 - pi) - MathConstants.HalfLogTwoPi - Math.Log(sigma2);
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

    /// <summary>
    /// log p(w) summed over w; ∂ log p/∂wᵢ = −wᵢ (r₁/σ₁² + r₂/σ₂²) written into <paramref name="gradient"/>.
    /// The training path: one vectorised pass in float with the sum accumulated in double (the value-only
    /// <see cref="LogDensity(ReadOnlySpan{float})"/> is computed in double throughout).
    /// </summary>
    public double LogDensity(ReadOnlySpan<float> w, Span<float> gradient)
    {
        Require.Length(gradient.Length, w.Length, nameof(gradient));
        int n = w.Length, width = Vector<float>.Count, i = 0;
        var sum = Vector<double>.Zero;
        float c = (float)(_c1 - _c2), h = (float)(_h1 - _h2), c2 = (float)_c2, h1 = (float)_h1, h2 = (float)_h2;
        for (; i <= n - width; i += width)
        {
            var wi = new Vector<float>(w.Slice(i, width));
            var w2 = wi * wi;
            var d = new Vector<float>(c) - h * w2;                       // a₁ − a₂
            var e = Vector.Exp(-Vector.Abs(d));
            var logP = (new Vector<float>(c2) - h2 * w2) + Vector.Max(d, Vector<float>.Zero) + SoftplusVector.Log1P(e);
            var r1 = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(d, Vector<float>.Zero), Vector<float>.One, e) / (Vector<float>.One + e);
            (-2f * wi * (new Vector<float>(h2) + r1 * h)).CopyTo(gradient.Slice(i, width));
            Vector.Widen(logP, out var lo, out var hi);
            sum += lo + hi;
        }
        double total = Vector.Sum(sum);
        for (; i < n; i++)
        {
            double wi = w[i], w2 = wi * wi;
            double d = (_c1 - _c2) - (_h1 - _h2) * w2;
            double e = Math.Exp(-Math.Abs(d));
            total += (_c2 - _h2 * w2) + Math.Max(d, 0) + Softplus.Log1P(e);
            double r1 = (d >= 0 ? 1.0 : e) / (1.0 + e);
            gradient[i] = (float)(-2.0 * wi * (_h2 + r1 * (_h1 - _h2)));
        }
        return total;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Pi} N(0, {Sigma1}²) + {1 - Pi} N(0, {Sigma2}²)";
}
