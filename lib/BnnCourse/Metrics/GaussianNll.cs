using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// Gaussian negative log-likelihood of test targets, per point and averaged over points (nats).
/// </summary>
/// <remarks>
/// <para>Two predictive forms:</para>
/// <para>• a single Gaussian N(μᵢ, vᵢ): −log N(yᵢ | μᵢ, vᵢ) = ½ log(2π vᵢ) + (yᵢ − μᵢ)² / (2vᵢ);</para>
/// <para>• the Monte Carlo mixture of the UCI benchmark papers (Hernández-Lobato and Adams 2015; Gal and
/// Ghahramani 2016): with S weight samples giving means μ_si and noise variances v_si,
/// −log[(1/S) Σ_s N(yᵢ | μ_si, v_si)] = −(logsumexp_s log N(yᵢ | μ_si, v_si) − log S), evaluated by log-sum-exp.</para>
/// <para>Units: the networks work on standardised targets z = (y − m)/s. A density changes by the Jacobian of
/// that map, so log p(y) = log p(z) − log s, and the NLL in original units is the standardised NLL plus log s.
/// Pass s as <c>targetScale</c> (e.g. <c>Standardizer.Scale[0]</c>) with means, variances and targets all in
/// standardised units to report the benchmark's original-unit figure; leave it 1 when everything is in one unit.</para>
/// <para>Layout of sampled values: S rows of N points, element (s, i) at index s·N + i (S prediction matrices
/// stacked). Sums are accumulated in double.</para>
/// </remarks>
public static partial class Metrics
{
    /// <summary>−log N(yᵢ | μᵢ, vᵢ) + log targetScale for each point, written to <paramref name="nll"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, N = 0, a variance is not finite and &gt; 0, or targetScale ≤ 0.</exception>
    public static void GaussianNllPerPoint(ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> target,
        Span<double> nll, double targetScale = 1)
    {
        Check.Targets(target.Length, (mean.Length, nameof(mean)), (variance.Length, nameof(variance)), (nll.Length, nameof(nll)));
        Check.Finite(variance, nameof(variance), positive: true);
        Check.Scale(targetScale, nameof(targetScale));
        double logScale = Math.Log(targetScale);
        for (int i = 0; i < target.Length; i++)
            nll[i] = -LogNormal(target[i], mean[i], variance[i]) + logScale;
    }

    /// <summary>The mean over points of <see cref="GaussianNllPerPoint"/>.</summary>
    /// <exception cref="ArgumentException">As <see cref="GaussianNllPerPoint"/>.</exception>
    public static double GaussianNll(ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> target, double targetScale = 1)
    {
        var nll = new double[target.Length];
        GaussianNllPerPoint(mean, variance, target, nll, targetScale);
        return nll.Average();
    }

    /// <summary>
    /// The UCI Monte Carlo NLL per point: −(logsumexp_s log N(yᵢ | μ_si, v_si) − log S) + log targetScale.
    /// </summary>
    /// <param name="sampledMeans">μ_si, length S·N, element (s, i) at s·N + i.</param>
    /// <param name="sampledNoiseVariances">v_si, same layout (learned or heteroscedastic noise), each finite and &gt; 0.</param>
    /// <param name="samples">S ≥ 1.</param>
    /// <param name="target">yᵢ, length N.</param>
    /// <param name="nll">Output, length N.</param>
    /// <param name="targetScale">s &gt; 0, the target standard deviation used to standardise (1: no un-standardising).</param>
    /// <exception cref="ArgumentException">Inconsistent lengths, a non-positive variance, or a non-positive scale.</exception>
    public static void MonteCarloNllPerPoint(ReadOnlySpan<float> sampledMeans, ReadOnlySpan<float> sampledNoiseVariances, int samples,
        ReadOnlySpan<float> target, Span<double> nll, double targetScale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        Check.NotEmpty(target.Length, nameof(target));
        int n = target.Length;
        Check.SameLength(samples * n, "samples · target.Length", (sampledMeans.Length, nameof(sampledMeans)), (sampledNoiseVariances.Length, nameof(sampledNoiseVariances)));
        Check.SameLength(n, "target", (nll.Length, nameof(nll)));
        Check.Finite(sampledNoiseVariances, nameof(sampledNoiseVariances), positive: true);
        Check.Scale(targetScale, nameof(targetScale));
        double logS = Math.Log(samples), logScale = Math.Log(targetScale);
        for (int i = 0; i < n; i++)
        {
            // log-sum-exp: shift by the largest term so the exponentials cannot all underflow.
            double max = double.NegativeInfinity;
            for (int s = 0; s < samples; s++)
                max = Math.Max(max, LogNormal(target[i], sampledMeans[s * n + i], sampledNoiseVariances[s * n + i]));
            double sum = 0;
            for (int s = 0; s < samples; s++)
                sum += Math.Exp(LogNormal(target[i], sampledMeans[s * n + i], sampledNoiseVariances[s * n + i]) - max);
            nll[i] = -(max + Math.Log(sum) - logS) + logScale;
        }
    }

    /// <summary>The mean over points of <see cref="MonteCarloNllPerPoint"/>: the figure the UCI tables report (as −NLL = test log-likelihood).</summary>
    /// <exception cref="ArgumentException">As <see cref="MonteCarloNllPerPoint"/>.</exception>
    public static double MonteCarloNll(ReadOnlySpan<float> sampledMeans, ReadOnlySpan<float> sampledNoiseVariances, int samples,
        ReadOnlySpan<float> target, double targetScale = 1)
    {
        var nll = new double[target.Length];
        MonteCarloNllPerPoint(sampledMeans, sampledNoiseVariances, samples, target, nll, targetScale);
        return nll.Average();
    }

    /// <summary>log N(y | μ, v) = −½ log(2π v) − (y − μ)²/(2v), in double.</summary>
    public static double LogNormal(double y, double mu, double variance)
    {
        double r = y - mu;
        return -MathConstants.HalfLogTwoPi - 0.5 * Math.Log(variance) - r * r / (2 * variance);
    }
}
