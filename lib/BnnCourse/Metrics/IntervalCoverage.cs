using MathNet.Numerics.Distributions;

namespace BnnCourse.Data;

/// <summary>
/// Empirical coverage of predictive intervals: the fraction of targets inside them. A well-calibrated p% interval
/// covers about p% of test targets (within binomial error √(p(1−p)/N)).
/// </summary>
public static partial class Metrics
{
    /// <summary>z such that the central <paramref name="level"/> interval of N(μ, σ²) is μ ± zσ: z = Φ⁻¹((1 + level)/2).</summary>
    /// <exception cref="ArgumentOutOfRangeException">level outside (0, 1).</exception>
    public static double GaussianHalfWidthInStd(double level)
    {
        Check.Level(level, nameof(level));
        return Normal.InvCDF(0, 1, (1 + level) / 2);
    }

    /// <summary>Fraction of points with |yᵢ − μᵢ| ≤ z σᵢ, the central Gaussian interval at <paramref name="level"/> (e.g. 0.95).</summary>
    /// <exception cref="ArgumentException">Lengths differ, N = 0, a std negative or not finite, or level outside (0, 1).</exception>
    public static double Coverage(ReadOnlySpan<float> mean, ReadOnlySpan<float> std, ReadOnlySpan<float> target, double level)
    {
        Check.Targets(target.Length, (mean.Length, nameof(mean)), (std.Length, nameof(std)));
        Check.Finite(std, nameof(std), positive: false);
        double z = GaussianHalfWidthInStd(level);
        int inside = 0;
        for (int i = 0; i < target.Length; i++)
            if (Math.Abs((double)target[i] - mean[i]) <= z * std[i]) inside++;
        return (double)inside / target.Length;
    }

    /// <summary>Fraction of points with lowerᵢ ≤ yᵢ ≤ upperᵢ (e.g. bounds from predictive quantiles).</summary>
    /// <exception cref="ArgumentException">Lengths differ, N = 0, or a lower bound above its upper bound.</exception>
    public static double CoverageOfBounds(ReadOnlySpan<float> lower, ReadOnlySpan<float> upper, ReadOnlySpan<float> target)
    {
        Check.Targets(target.Length, (lower.Length, nameof(lower)), (upper.Length, nameof(upper)));
        int inside = 0;
        for (int i = 0; i < target.Length; i++)
        {
            if (!(lower[i] <= upper[i]))
                throw new ArgumentException($"lower[{i}] = {lower[i]} is not ≤ upper[{i}] = {upper[i]}.", nameof(lower));
            if (lower[i] <= target[i] && target[i] <= upper[i]) inside++;
        }
        return (double)inside / target.Length;
    }
}
