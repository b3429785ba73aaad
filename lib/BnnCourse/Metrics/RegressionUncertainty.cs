namespace BnnCourse.Data;

/// <summary>
/// The law of total variance for a Monte Carlo regression predictive: with S weight samples giving means μ_si and
/// noise variances v_si at point i, the mixture (1/S) Σ_s N(μ_si, v_si) has
/// mean μ̄ᵢ = (1/S) Σ_s μ_si and variance
/// Var = (1/S) Σ_s (μ_si − μ̄ᵢ)²  [epistemic: the weights disagree]  +  (1/S) Σ_s v_si  [aleatoric: the noise].
/// </summary>
/// <remarks>
/// Both parts divide by S (the exact moments of the S-component mixture, not an unbiased sample variance).
/// Layout: element (s, i) at s·N + i (S prediction vectors stacked). Accumulated in double.
/// </remarks>
public static partial class Metrics
{
    /// <summary>Predictive mean and the epistemic, aleatoric and total variance per point.</summary>
    /// <param name="sampledMeans">μ_si, length S·N.</param>
    /// <param name="sampledNoiseVariances">v_si ≥ 0, length S·N (pass the same value everywhere for a fixed noise).</param>
    /// <param name="samples">S ≥ 1.</param>
    /// <param name="mean">Output μ̄, length N.</param>
    /// <param name="epistemic">Output variance of the sampled means, length N.</param>
    /// <param name="aleatoric">Output mean of the noise variances, length N.</param>
    /// <param name="total">Output epistemic + aleatoric, length N.</param>
    /// <exception cref="ArgumentException">Inconsistent lengths or a negative or non-finite noise variance.</exception>
    public static void DecomposeVariance(ReadOnlySpan<float> sampledMeans, ReadOnlySpan<float> sampledNoiseVariances, int samples,
        Span<double> mean, Span<double> epistemic, Span<double> aleatoric, Span<double> total)
    {
        int n = Check.Points(sampledMeans.Length, samples, 1, nameof(sampledMeans));
        Check.SameLength(sampledMeans.Length, "sampledMeans", (sampledNoiseVariances.Length, nameof(sampledNoiseVariances)));
        Check.Finite(sampledNoiseVariances, nameof(sampledNoiseVariances), positive: false);
        Check.SameLength(n, "points", (mean.Length, nameof(mean)), (epistemic.Length, nameof(epistemic)),
            (aleatoric.Length, nameof(aleatoric)), (total.Length, nameof(total)));
        for (int i = 0; i < n; i++)
        {
            double m = 0, a = 0, e = 0;
            for (int s = 0; s < samples; s++) { m += sampledMeans[s * n + i]; a += sampledNoiseVariances[s * n + i]; }
            m /= samples;
            for (int s = 0; s < samples; s++) { double r = sampledMeans[s * n + i] - m; e += r * r; }
            mean[i] = m;
            aleatoric[i] = a / samples;
            epistemic[i] = e / samples;
            total[i] = epistemic[i] + aleatoric[i];
        }
    }
}
