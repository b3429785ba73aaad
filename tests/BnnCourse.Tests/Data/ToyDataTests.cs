using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Data;

public class ToyDataTests
{
    /// <summary>Sample mean and (population) standard deviation.</summary>
    static (double Mean, double Std) Moments(IReadOnlyList<double> v)
    {
        double m = v.Average();
        return (m, Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / v.Count));
    }

    [Fact]
    public void Blundell_curve_at_hand_picked_points_matches_the_formula()
    {
        Assert.Equal(0.25 + 0.3, Toy.BlundellCurveNoiseFree(0.25), 1e-12); // sin(π/2) = 1, sin(π) = 0
        // With ε inside the sines: x = 0, ε = 0.25 → 0.3·sin(π/2) + 0.3·sin(π) + 0.25
        Assert.Equal(0.55, Toy.BlundellY(0, 0.25), 1e-12);
    }

    [Fact]
    public void Blundell_gap_is_empty_and_inputs_stay_in_range()
    {
        var d = Toy.BlundellCurve(5000, new Xoshiro256(1), gap: (0.15, 0.3));
        Assert.Equal((5000, 1), (d.X.Rows, d.X.Cols));
        Assert.All(d.X.Data, x => Assert.True(x >= 0f && x <= 0.5f && !(x > 0.15f && x < 0.3f), $"x = {x}"));
        // The rest of the range is filled uniformly: 0.35 of the length holds 5000 points; [0, 0.15) gets 3/7.
        int left = d.X.Data.Count(x => x < 0.15f);
        double p = 3.0 / 7, se = Math.Sqrt(5000 * p * (1 - p));
        Assert.InRange(left, 5000 * p - 4 * se, 5000 * p + 4 * se);
    }

    [Fact]
    public void Blundell_without_noise_lies_on_the_curve()
    {
        var d = Toy.BlundellCurve(200, new Xoshiro256(2), noiseStd: 0);
        for (int i = 0; i < d.Count; i++)
            Assert.Equal(Toy.BlundellCurveNoiseFree(d.X[i, 0]), d.Y[i, 0], 1e-5);
    }

    [Fact]
    public void Blundell_noise_std_is_recovered_within_four_standard_errors()
    {
        // For small σ, y − f(x) ≈ f'(x)·ε. Keep points with |f'| > 1 and estimate ε = (y − f(x)) / f'(x).
        // Linearisation error |f''|σ/(2|f'|) < 60·1e-4/2 = 0.003 relative, below the standard error 1/sqrt(2n).
        const double sigma = 1e-4;
        var d = Toy.BlundellCurve(40000, new Xoshiro256(3), noiseStd: sigma);
        var eps = new List<double>();
        for (int i = 0; i < d.Count; i++)
        {
            double x = d.X[i, 0];
            double slope = 1 + 0.6 * Math.PI * Math.Cos(2 * Math.PI * x) + 1.2 * Math.PI * Math.Cos(4 * Math.PI * x);
            if (Math.Abs(slope) > 1) eps.Add((d.Y[i, 0] - Toy.BlundellCurveNoiseFree(x)) / slope);
        }
        var (mean, std) = Moments(eps);
        double se = sigma / Math.Sqrt(2 * eps.Count);
        Assert.InRange(std, sigma - 4 * se - 0.003 * sigma, sigma + 4 * se + 0.003 * sigma);
        Assert.InRange(mean, -4 * sigma / Math.Sqrt(eps.Count), 4 * sigma / Math.Sqrt(eps.Count));
    }

    [Fact]
    public void Krasser_inputs_are_evenly_spaced_and_residuals_have_the_noise_std()
    {
        var d = Toy.KrasserSine(20000, new Xoshiro256(4), noiseStd: 1.0);
        Assert.Equal(-0.5f, d.X[0, 0]);
        Assert.Equal(0.5f, d.X[d.Count - 1, 0]);
        Assert.Equal(-0.5 + 1000.0 / 19999, d.X[1000, 0], 1e-7); // float spacing near 0.45 is 3e-8
        var r = Enumerable.Range(0, d.Count).Select(i => d.Y[i, 0] - Toy.KrasserSineNoiseFree(d.X[i, 0])).ToList();
        var (mean, std) = Moments(r);
        Assert.InRange(std, 1 - 4 / Math.Sqrt(2 * 20000.0), 1 + 4 / Math.Sqrt(2 * 20000.0));
        Assert.InRange(mean, -4 / Math.Sqrt(20000.0), 4 / Math.Sqrt(20000.0));
    }

    [Fact]
    public void Heteroscedastic_residuals_scaled_by_the_true_noise_std_are_standard_normal()
    {
        var d = Toy.Heteroscedastic(20000, new Xoshiro256(5));
        var z = Enumerable.Range(0, d.Count)
            .Select(i => (d.Y[i, 0] - Toy.HeteroscedasticMean(d.X[i, 0])) / Toy.HeteroscedasticNoiseStd(d.X[i, 0]))
            .ToList();
        var (mean, std) = Moments(z);
        Assert.InRange(std, 1 - 4 / Math.Sqrt(40000.0), 1 + 4 / Math.Sqrt(40000.0));
        Assert.InRange(mean, -4 / Math.Sqrt(20000.0), 4 / Math.Sqrt(20000.0));
        Assert.True(Toy.HeteroscedasticNoiseStd(1) > 3 * Toy.HeteroscedasticNoiseStd(-1));
        Assert.All(d.X.Data, x => Assert.InRange(x, -1f, 1f));
    }

    [Fact]
    public void Two_moons_without_noise_lie_on_their_half_circles_with_balanced_labels()
    {
        var d = Toy.TwoMoons(1001, new Xoshiro256(6), noiseStd: 0);
        Assert.Equal([501, 500], d.ClassCounts());
        for (int i = 0; i < d.Count; i++)
        {
            double x = d.X[i, 0], y = d.X[i, 1];
            if (d.Labels[i] == 0) { Assert.Equal(1, x * x + y * y, 1e-5); Assert.True(y >= 0); }
            else { Assert.Equal(1, (x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 1e-5); Assert.True(y <= 0.5 + 1e-6); }
        }
    }

    [Fact]
    public void Spirals_without_noise_follow_their_arms()
    {
        const int classes = 3;
        var d = Toy.Spirals(900, new Xoshiro256(7), classes, noiseStd: 0, turns: 0.75);
        Assert.Equal([300, 300, 300], d.ClassCounts());
        for (int i = 0; i < d.Count; i++)
        {
            double x = d.X[i, 0], y = d.X[i, 1], r = Math.Sqrt(x * x + y * y);
            double expected = 2 * Math.PI * d.Labels[i] / classes + 2 * Math.PI * 0.75 * r;
            // the point equals r(cos θ, sin θ) for the θ its radius implies
            Assert.Equal(r * Math.Cos(expected), x, 1e-4);
            Assert.Equal(r * Math.Sin(expected), y, 1e-4);
        }
    }

    [Fact]
    public void Generators_are_deterministic_given_the_seed()
    {
        Assert.Equal(Toy.BlundellCurve(50, new Xoshiro256(8)).Y.Data, Toy.BlundellCurve(50, new Xoshiro256(8)).Y.Data);
        Assert.Equal(Toy.Spirals(50, new Xoshiro256(8)).X.Data, Toy.Spirals(50, new Xoshiro256(8)).X.Data);
        Assert.NotEqual(Toy.TwoMoons(50, new Xoshiro256(8)).X.Data, Toy.TwoMoons(50, new Xoshiro256(9)).X.Data);
    }

    [Fact]
    public void Invalid_generator_arguments_name_the_parameter()
    {
        var r = new Xoshiro256(1);
        Assert.Equal("gap", Assert.Throws<ArgumentOutOfRangeException>(() => Toy.BlundellCurve(10, r, gap: (0.3, 0.2))).ParamName);
        Assert.Equal("gap", Assert.Throws<ArgumentOutOfRangeException>(() => Toy.BlundellCurve(10, r, gap: (0.0, 0.2))).ParamName);
        Assert.Equal("noiseStd", Assert.Throws<ArgumentOutOfRangeException>(() => Toy.KrasserSine(10, r, noiseStd: -1)).ParamName);
        Assert.Equal("xMax", Assert.Throws<ArgumentOutOfRangeException>(() => Toy.Heteroscedastic(10, r, 1, 1)).ParamName);
        Assert.Equal("classes", Assert.Throws<ArgumentOutOfRangeException>(() => Toy.Spirals(10, r, classes: 1)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => Toy.TwoMoons(1, r)).ParamName);
    }
}
