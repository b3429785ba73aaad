using BnnCourse.Data;
using MathNet.Numerics.Distributions;

namespace BnnCourse;

/// <summary>
/// A Monte Carlo regression predictive: for S weight samples w⁽ˢ⁾ and N points, the sampled means μ_si and noise
/// variances v_si, the mixture p(y | xᵢ) ≈ (1/S) Σ_s N(y | μ_si, v_si), and its decomposition by the law of total
/// variance (see <see cref="Metrics.DecomposeVariance"/>).
/// </summary>
/// <remarks>
/// With d targets per input the "points" are the N·d (input, target) pairs, row-major: index i·d + j.
/// Sampled arrays are S blocks of N·d, element (s, p) at s·N·d + p. The arrays are owned by this object.
/// </remarks>
public sealed class RegressionPrediction
{
    /// <summary>Builds the predictive and its decomposition from sampled means and noise variances (arrays are kept, not copied).</summary>
    /// <exception cref="ArgumentException">Inconsistent lengths, S &lt; 1, d &lt; 1, or a negative or non-finite variance.</exception>
    public RegressionPrediction(float[] sampledMeans, float[] sampledNoiseVariances, int samples, int width)
    {
        ArgumentNullException.ThrowIfNull(sampledMeans);
        ArgumentNullException.ThrowIfNull(sampledNoiseVariances);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (sampledMeans.Length == 0 || sampledMeans.Length % ((long)samples * width) != 0)
            throw new ArgumentException($"sampledMeans has length {sampledMeans.Length}, not a positive multiple of samples · width = {samples}·{width}.", nameof(sampledMeans));
        int points = sampledMeans.Length / samples;
        Samples = samples;
        Width = width;
        Count = points / width;
        SampledMeans = sampledMeans;
        SampledNoiseVariances = sampledNoiseVariances;
        Mean = new double[points];
        EpistemicVariance = new double[points];
        AleatoricVariance = new double[points];
        TotalVariance = new double[points];
        Metrics.DecomposeVariance(sampledMeans, sampledNoiseVariances, samples, Mean, EpistemicVariance, AleatoricVariance, TotalVariance);
    }

    /// <summary>S, the number of weight samples.</summary>
    public int Samples { get; }

    /// <summary>N, the number of inputs.</summary>
    public int Count { get; }

    /// <summary>d, the number of targets per input.</summary>
    public int Width { get; }

    /// <summary>μ_si, S × N·d.</summary>
    public float[] SampledMeans { get; }

    /// <summary>v_si, S × N·d (σ² of a fixed or learned noise, or the heteroscedastic head's σ²(x)).</summary>
    public float[] SampledNoiseVariances { get; }

    /// <summary>Predictive mean μ̄ = (1/S) Σ_s μ_s, length N·d.</summary>
    public double[] Mean { get; }

    /// <summary>Epistemic variance (1/S) Σ_s (μ_s − μ̄)²: what more data would reduce.</summary>
    public double[] EpistemicVariance { get; }

    /// <summary>Aleatoric variance (1/S) Σ_s v_s: the noise in the data.</summary>
    public double[] AleatoricVariance { get; }

    /// <summary>Total predictive variance = epistemic + aleatoric.</summary>
    public double[] TotalVariance { get; }

    /// <summary>√(total variance) per point.</summary>
    public double[] TotalStd() => TotalVariance.Select(Math.Sqrt).ToArray();

    /// <summary>The predictive means as float (for the metrics, which take float spans).</summary>
    public float[] MeanAsFloat() => Mean.Select(v => (float)v).ToArray();

    /// <summary>The moment-matched Gaussian interval μ̄ ± z·√Var_total with z = Φ⁻¹((1 + level)/2): the usual credible band.</summary>
    /// <exception cref="ArgumentOutOfRangeException">level outside (0, 1).</exception>
    public (double[] Lower, double[] Upper) GaussianInterval(double level)
    {
        double z = Metrics.GaussianHalfWidthInStd(level);
        var sd = TotalStd();
        return Band(p => Mean[p] - z * sd[p], p => Mean[p] + z * sd[p]);
    }

    /// <summary>
    /// The central interval of the Monte Carlo mixture itself: its (1 − level)/2 and (1 + level)/2 quantiles, found
    /// by bisection on the mixture CDF (1/S) Σ_s Φ((y − μ_s)/√v_s) to a relative width of 1e-10 of the predictive
    /// standard deviation. Differs from <see cref="GaussianInterval"/> when the samples disagree (skewed or multimodal).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">level outside (0, 1).</exception>
    public (double[] Lower, double[] Upper) MixtureInterval(double level)
    {
        Check.Level(level, nameof(level));
        return Band(p => MixtureQuantile(p, (1 - level) / 2), p => MixtureQuantile(p, (1 + level) / 2));
    }

    (double[] Lower, double[] Upper) Band(Func<int, double> lower, Func<int, double> upper) =>
        ([.. Enumerable.Range(0, Mean.Length).Select(lower)], [.. Enumerable.Range(0, Mean.Length).Select(upper)]);

    double MixtureQuantile(int p, double q)
    {
        int n = Mean.Length;
        double sd = Math.Sqrt(TotalVariance[p]);
        if (sd == 0) return Mean[p];
        // Every component's q-quantile brackets the mixture's.
        double a = double.PositiveInfinity, b = double.NegativeInfinity, z = Normal.InvCDF(0, 1, q);
        for (int s = 0; s < Samples; s++)
        {
            double v = SampledMeans[s * n + p] + z * Math.Sqrt(SampledNoiseVariances[s * n + p]);
            a = Math.Min(a, v);
            b = Math.Max(b, v);
        }
        while (b - a > 1e-10 * sd)
        {
            double m = 0.5 * (a + b), cdf = 0;
            if (m == a || m == b) break;
            for (int s = 0; s < Samples; s++)
            {
                double v = SampledNoiseVariances[s * n + p], mu = SampledMeans[s * n + p];
                cdf += v > 0 ? Normal.CDF(mu, Math.Sqrt(v), m) : (m >= mu ? 1 : 0);
            }
            if (cdf / Samples < q) a = m; else b = m;
        }
        return 0.5 * (a + b);
    }

    /// <summary>
    /// The q-quantile of the sampled means μ_si per point (the spread of the function itself, without noise; e.g.
    /// q = 0.25 and 0.75 give Blundell's interquartile band). Linear interpolation between order statistics.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">q outside [0, 1].</exception>
    public double[] FunctionQuantile(double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "The quantile must lie in [0, 1].");
        double pos = q * (Samples - 1);
        int n = Mean.Length, k = (int)Math.Floor(pos);
        double frac = pos - k;
        var result = new double[n];
        var column = new float[Samples];
        for (int p = 0; p < n; p++)
        {
            for (int s = 0; s < Samples; s++) column[s] = SampledMeans[s * n + p];
            Array.Sort(column);
            result[p] = k + 1 < Samples ? column[k] + frac * (column[k + 1] - column[k]) : column[k];
        }
        return result;
    }

    /// <summary>
    /// The same predictive in original units: every sampled mean mapped to m_j + s_j·μ and every variance to s_j²·v
    /// (j = target column), so the decomposition is recomputed exactly in the new units.
    /// </summary>
    /// <exception cref="ArgumentException">The standardiser does not have d columns.</exception>
    public RegressionPrediction Invert(Standardizer targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Columns != Width)
            throw new ArgumentException($"The standardiser has {targets.Columns} columns but the prediction has {Width} targets.", nameof(targets));
        return new RegressionPrediction([.. SampledMeans.Select((m, k) => targets.InvertMean(m, k % Width))],
            [.. SampledNoiseVariances.Select((v, k) => targets.InvertVariance(v, k % Width))], Samples, Width);
    }

    /// <summary>
    /// The UCI Monte Carlo negative log-likelihood per point averaged over points (<see cref="Metrics.MonteCarloNll"/>)
    /// of <paramref name="targets"/> (length N·d, same units as the prediction). Pass the target standard deviation
    /// as <paramref name="targetScale"/> when the prediction is in standardised units to report original units.
    /// </summary>
    public double NegativeLogLikelihood(ReadOnlySpan<float> targets, double targetScale = 1) =>
        Metrics.MonteCarloNll(SampledMeans, SampledNoiseVariances, Samples, targets, targetScale);

    /// <summary>
    /// The test log-likelihood per point that the literature's tables report (Hernández-Lobato and Adams 2015): the mean over
    /// points of log[(1/S) Σ_s N(yᵢ | μ_si, v_si)], higher is better; exactly −<see cref="NegativeLogLikelihood"/> (same arguments).
    /// </summary>
    public double TestLogLikelihood(ReadOnlySpan<float> targets, double targetScale = 1) => -NegativeLogLikelihood(targets, targetScale);
}
