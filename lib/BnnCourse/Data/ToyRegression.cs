using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// Seeded 1-D regression problems with known answers: Blundell's curve (optionally with a gap in the training
/// inputs), Krasser's sine, and a heteroscedastic problem whose true noise level is exposed.
/// Each returns X and Y as n × 1 matrices.
/// </summary>
public static partial class Toy
{
    /// <summary>
    /// Blundell et al. (2015, §5.2): y = x + 0.3 sin(2π(x+ε)) + 0.3 sin(4π(x+ε)) + ε, ε ~ N(0, σ²), with x
    /// uniform on [<paramref name="xMin"/>, <paramref name="xMax"/>] minus the optional open <paramref name="gap"/>
    /// (no training input falls inside it: the place where a Bayesian network should be unsure).
    /// </summary>
    /// <param name="n">Number of points, n ≥ 1.</param>
    /// <param name="random">The seeded source.</param>
    /// <param name="noiseStd">σ ≥ 0 (0.02 in the paper).</param>
    /// <param name="xMin">Lower end of the input range (0 in the paper).</param>
    /// <param name="xMax">Upper end, &gt; xMin (0.5 in the paper).</param>
    /// <param name="gap">An interval (start, end) inside (xMin, xMax) left without inputs, or null.</param>
    /// <exception cref="ArgumentException">n &lt; 1, σ &lt; 0 or not finite, an empty range, or a gap not inside the range.</exception>
    public static RegressionDataset BlundellCurve(int n, Xoshiro256 random, double noiseStd = 0.02,
        double xMin = 0.0, double xMax = 0.5, (double Start, double End)? gap = null)
    {
        Validate(n, random, noiseStd, xMin, xMax);
        var (gapStart, gapEnd) = gap ?? (xMax, xMax); // no gap: an empty one at the upper end
        if (gap is not null && !(xMin < gapStart && gapStart < gapEnd && gapEnd < xMax))
            throw new ArgumentOutOfRangeException(nameof(gap), gap, $"The gap must satisfy {xMin} < start < end < {xMax}.");
        double gapLength = gapEnd - gapStart;
        // Uniform on the range with the gap cut out: draw on the shortened range, then shift past the gap.
        return Sample(n, random, _ =>
        {
            double u = xMin + random.NextDouble() * (xMax - xMin - gapLength);
            return u < gapStart ? u : Math.Max(u + gapLength, gapEnd); // Max: rounding never lands inside
        }, (x, e) => BlundellY(x, noiseStd * e));
    }

    /// <summary>The curve without noise: f(x) = x + 0.3 sin(2πx) + 0.3 sin(4πx).</summary>
    public static double BlundellCurveNoiseFree(double x) => BlundellY(x, 0);

    internal static double BlundellY(double x, double e) =>
        x + 0.3 * Math.Sin(2 * Math.PI * (x + e)) + 0.3 * Math.Sin(4 * Math.PI * (x + e)) + e;

    /// <summary>
    /// Krasser's example (Bayesian neural networks with variational inference, 2019): y = 10 sin(2πx) + ε,
    /// ε ~ N(0, σ²), at n evenly spaced inputs from <paramref name="xMin"/> to <paramref name="xMax"/> (ends included).
    /// </summary>
    /// <param name="n">Number of points, n ≥ 2 (32 in the original).</param>
    /// <param name="random">The seeded source.</param>
    /// <param name="noiseStd">σ ≥ 0 (1 in the original).</param>
    /// <param name="xMin">First input (−0.5 in the original).</param>
    /// <param name="xMax">Last input, &gt; xMin (0.5 in the original).</param>
    /// <exception cref="ArgumentException">n &lt; 2, σ &lt; 0 or not finite, or an empty range.</exception>
    public static RegressionDataset KrasserSine(int n, Xoshiro256 random, double noiseStd = 1.0, double xMin = -0.5, double xMax = 0.5)
    {
        Validate(n, random, noiseStd, xMin, xMax);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        return Sample(n, random, i => xMin + (xMax - xMin) * i / (n - 1), (x, e) => KrasserSineNoiseFree(x) + noiseStd * e);
    }

    /// <summary>The sine without noise: 10 sin(2πx).</summary>
    public static double KrasserSineNoiseFree(double x) => 10 * Math.Sin(2 * Math.PI * x);

    /// <summary>
    /// A heteroscedastic regression: x uniform on [<paramref name="xMin"/>, <paramref name="xMax"/>],
    /// y = m(x) + σ(x)·ε, ε ~ N(0, 1), with m = <see cref="HeteroscedasticMean"/> and
    /// σ = <see cref="HeteroscedasticNoiseStd"/> (the noise grows with x: a homoscedastic model cannot fit it).
    /// </summary>
    /// <exception cref="ArgumentException">n &lt; 1 or an empty range.</exception>
    public static RegressionDataset Heteroscedastic(int n, Xoshiro256 random, double xMin = -1.0, double xMax = 1.0)
    {
        Validate(n, random, 0, xMin, xMax);
        return Sample(n, random, _ => xMin + random.NextDouble() * (xMax - xMin),
            (x, e) => HeteroscedasticMean(x) + HeteroscedasticNoiseStd(x) * e);
    }

    /// <summary>The true conditional mean of <see cref="Heteroscedastic"/>: m(x) = sin(3x).</summary>
    public static double HeteroscedasticMean(double x) => Math.Sin(3 * x);

    /// <summary>The true noise standard deviation of <see cref="Heteroscedastic"/>: σ(x) = 0.05 + 0.1·eˣ (&gt; 0 everywhere).</summary>
    public static double HeteroscedasticNoiseStd(double x) => 0.05 + 0.1 * Math.Exp(x);

    static void Validate(int n, Xoshiro256 random, double noiseStd, double xMin, double xMax)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (!(noiseStd >= 0 && double.IsFinite(noiseStd)))
            throw new ArgumentOutOfRangeException(nameof(noiseStd), noiseStd, "The noise standard deviation must be finite and ≥ 0.");
        if (!(double.IsFinite(xMin) && double.IsFinite(xMax) && xMin < xMax))
            throw new ArgumentOutOfRangeException(nameof(xMax), xMax, $"The input range needs finite xMin < xMax (xMin = {xMin}).");
    }

    // The n standard normals ε are drawn first, then the inputs one by one; x is rounded to float before y = output(x, ε).
    static RegressionDataset Sample(int n, Xoshiro256 random, Func<int, double> input, Func<double, float, double> output)
    {
        var eps = new float[n];
        random.FillStandardNormal(eps);
        var (x, y) = (new float[n], new float[n]);
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)input(i);
            y[i] = (float)output(x[i], eps[i]);
        }
        return new RegressionDataset(Matrix.Column(x), Matrix.Column(y));
    }
}
