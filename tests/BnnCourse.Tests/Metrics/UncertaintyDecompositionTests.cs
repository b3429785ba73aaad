using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Scoring;

public class UncertaintyDecompositionTests
{
    [Fact]
    public void Disagreeing_certain_samples_have_mutual_information_log_two()
    {
        // S = 2 samples, N = 1 point, K = 2: one sample says class 0, the other class 1.
        float[] p = [1f, 0f, 0f, 1f];
        Assert.Equal(Math.Log(2), Metrics.PredictiveEntropy(p, 2, 2)[0], 1e-14);
        Assert.Equal(0, Metrics.ExpectedEntropy(p, 2, 2)[0]);
        Assert.Equal(Math.Log(2), Metrics.MutualInformation(p, 2, 2)[0], 1e-14);
    }

    [Fact]
    public void Mutual_information_is_exactly_zero_when_all_samples_agree()
    {
        float[] one = [0.2f, 0.3f, 0.5f, 0.9f, 0.05f, 0.05f]; // N = 2 points, K = 3
        var p = Enumerable.Repeat(one, 7).SelectMany(x => x).ToArray(); // S = 7 identical samples
        var mi = Metrics.MutualInformation(p, 7, 3);
        Assert.Equal([0.0, 0.0], mi);
        var h = Metrics.PredictiveEntropy(p, 7, 3);
        Assert.Equal(Metrics.Entropy(one.AsSpan(0, 3)), h[0], 1e-12);
        Assert.Equal(-(0.2 * Math.Log(0.2) + 0.3 * Math.Log(0.3) + 0.5 * Math.Log(0.5)), h[0], 1e-6);
    }

    [Fact]
    public void Random_samples_give_nonnegative_mutual_information_equal_to_entropy_minus_expected_entropy()
    {
        const int s = 20, n = 50, k = 4;
        var random = new Xoshiro256(51);
        var p = new float[s * n * k];
        for (int row = 0; row < s * n; row++)
        {
            var block = p.AsSpan(row * k, k);
            random.FillUniform(block);
            float total = 0;
            foreach (float v in block) total += v;
            for (int j = 0; j < k; j++) block[j] /= total;
        }
        var (mean, h, eh, mi) = (new float[n * k], new double[n], new double[n], new double[n]);
        Metrics.DecomposeEntropy(p, s, k, mean, h, eh, mi);
        for (int i = 0; i < n; i++)
        {
            Assert.True(mi[i] > 0);
            Assert.Equal(h[i] - eh[i], mi[i], 1e-9);
            Assert.InRange(h[i], 0, Math.Log(k) + 1e-12);
            Assert.Equal(1f, mean.AsSpan(i * k, k).ToArray().Sum(), 1e-5);
        }
    }

    [Fact]
    public void Regression_decomposition_matches_hand_computation()
    {
        // S = 2, N = 1: means 1 and 3, noise variances 0.5 and 1.5
        var (m, e, a, t) = (new double[1], new double[1], new double[1], new double[1]);
        Metrics.DecomposeVariance([1f, 3f], [0.5f, 1.5f], 2, m, e, a, t);
        Assert.Equal((2.0, 1.0, 1.0, 2.0), (m[0], e[0], a[0], t[0]));
    }

    [Fact]
    public void Total_variance_equals_the_second_moment_of_the_mixture_minus_its_squared_mean()
    {
        const int s = 30, n = 40;
        var random = new Xoshiro256(61);
        var mu = new float[s * n];
        var v = new float[s * n];
        random.FillStandardNormal(mu);
        random.FillUniform(v);
        var (m, e, a, t) = (new double[n], new double[n], new double[n], new double[n]);
        Metrics.DecomposeVariance(mu, v, s, m, e, a, t);
        for (int i = 0; i < n; i++)
        {
            double second = 0;
            for (int j = 0; j < s; j++) second += (v[j * n + i] + (double)mu[j * n + i] * mu[j * n + i]) / s;
            Assert.Equal(second - m[i] * m[i], t[i], 1e-10);
            Assert.Equal(e[i] + a[i], t[i], 1e-14);
            Assert.True(e[i] > 0 && a[i] > 0);
        }
    }

    [Fact]
    public void Monte_carlo_draws_from_the_mixture_have_the_decomposed_total_variance()
    {
        // Mixture of S = 3 Gaussians at one point; 200000 draws, variance within 4 standard errors
        // (SE of a sample variance = √((μ₄ − σ⁴)/n), μ₄ estimated from the same draws).
        float[] mu = [-1f, 0.5f, 2f], v = [0.25f, 1f, 0.5f];
        var (m, e, a, t) = (new double[1], new double[1], new double[1], new double[1]);
        Metrics.DecomposeVariance(mu, v, 3, m, e, a, t);
        var random = new Xoshiro256(71);
        const int n = 200000;
        var z = new float[n];
        random.FillStandardNormal(z);
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            int c = random.NextInt(3);
            y[i] = mu[c] + Math.Sqrt(v[c]) * z[i];
        }
        double mean = y.Average(), var2 = y.Sum(x => (x - mean) * (x - mean)) / n, m4 = y.Sum(x => Math.Pow(x - mean, 4)) / n;
        double se = Math.Sqrt((m4 - var2 * var2) / n);
        Assert.InRange(var2, t[0] - 4 * se, t[0] + 4 * se);
    }

    [Fact]
    public void Decomposition_arguments_are_validated_with_their_names()
    {
        var one = new double[1];
        Assert.Equal("sampledNoiseVariances", Assert.Throws<ArgumentException>(
            () => Metrics.DecomposeVariance([1f, 2f], [1f, -1f], 2, one, one, one, one)).ParamName);
        Assert.Equal("sampledProbabilities", Assert.Throws<ArgumentException>(
            () => Metrics.MutualInformation([0.5f, 0.5f, 1f], 2, 2)).ParamName);
    }
}
