using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Scoring;

public class IntervalCoverageTests
{
    [Fact]
    public void Gaussian_half_width_is_the_standard_normal_quantile()
    {
        Assert.Equal(1.959963984540054, Metrics.GaussianHalfWidthInStd(0.95), 1e-9);
        Assert.Equal(0.6744897501960817, Metrics.GaussianHalfWidthInStd(0.5), 1e-9);
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.GaussianHalfWidthInStd(1)).ParamName);
    }

    [Fact]
    public void Coverage_counts_targets_inside_hand_made_intervals()
    {
        Assert.Equal(0.5, Metrics.CoverageOfBounds([0f, 0f, 0f, 0f], [1f, 1f, 1f, 1f], [0f, 1f, 1.5f, -0.1f]));
        // z(0.95) ≈ 1.96: 1.9σ is inside, 2σ outside
        Assert.Equal(0.5, Metrics.Coverage([0f, 0f], [1f, 1f], [1.9f, -2f], 0.95));
        Assert.Equal("lower", Assert.Throws<ArgumentException>(() => Metrics.CoverageOfBounds([2f], [1f], [0f])).ParamName);
        Assert.Equal("std", Assert.Throws<ArgumentException>(() => Metrics.Coverage([0f], [-1f], [0f], 0.9)).ParamName);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.95)]
    public void Correctly_specified_gaussians_cover_their_nominal_level_within_binomial_bounds(double level)
    {
        const int n = 20000;
        var random = new Xoshiro256(41);
        var (mean, std, target) = (new float[n], new float[n], new float[n]);
        var eps = new float[n];
        random.FillStandardNormal(eps);
        for (int i = 0; i < n; i++)
        {
            mean[i] = (float)(10 * random.NextDouble() - 5);
            std[i] = (float)(0.1 + 2 * random.NextDouble());
            target[i] = mean[i] + std[i] * eps[i];
        }
        double se = Math.Sqrt(level * (1 - level) / n);
        Assert.InRange(Metrics.Coverage(mean, std, target, level), level - 4 * se, level + 4 * se);
        // An overconfident model (half the true std) misses the bound by far.
        var narrow = std.Select(s => s / 2).ToArray();
        Assert.True(Metrics.Coverage(mean, narrow, target, level) < level - 10 * se);
    }
}
