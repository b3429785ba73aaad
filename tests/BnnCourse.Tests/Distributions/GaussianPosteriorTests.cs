using BnnCourse;
using BnnCourse.Numerics;
using MathNet.Numerics.Distributions;

namespace BnnCourse.Tests.Distributions;

public class GaussianPosteriorTests
{
    [Fact]
    public void Reparameterized_samples_have_mean_mu_and_std_sigma()
    {
        float[] mu = [0f, 1.5f, -2f, 0.01f], sigma = [1f, 0.1f, 3f, 1e-3f];
        var q = GaussianPosterior.FromMuSigma(mu, sigma);
        var rng = new Xoshiro256(7);
        const int n = 20000;
        var sum = new double[4];
        var sumSq = new double[4];
        var eps = new float[4];
        var w = new float[4];
        for (int s = 0; s < n; s++)
        {
            q.Sample(rng, eps, w);
            for (int i = 0; i < 4; i++) { sum[i] += w[i]; sumSq[i] += (double)w[i] * w[i]; }
        }
        for (int i = 0; i < 4; i++)
        {
            double mean = sum[i] / n, std = Math.Sqrt((sumSq[i] - n * mean * mean) / (n - 1));
            double seMean = sigma[i] / Math.Sqrt(n), seStd = sigma[i] / Math.Sqrt(2.0 * (n - 1));
            Assert.True(Math.Abs(mean - mu[i]) <= 4 * seMean, $"[{i}] mean {mean} vs μ {mu[i]} (SE {seMean})");
            Assert.True(Math.Abs(std - sigma[i]) <= 4 * seStd + 1e-6 * sigma[i], $"[{i}] std {std} vs σ {sigma[i]} (SE {seStd})");
        }
    }

    [Fact]
    public void FromMuSigma_stores_rho_whose_softplus_is_sigma()
    {
        float[] sigma = [1e-20f, 1e-6f, 0.0067f, 1f, 50f];
        var q = GaussianPosterior.FromMuSigma(new float[5], sigma);
        var back = q.Sigma();
        for (int i = 0; i < 5; i++)
        {
            // ρ is stored as a float: its rounding (half an ulp) moves σ by ½ulp(ρ)·sigmoid(ρ), plus σ's own float rounding.
            float rho = q.Rho[i];
            double tol = 0.5 * (MathF.BitIncrement(MathF.Abs(rho)) - MathF.Abs(rho)) * Softplus.Derivative(rho) + 1.2e-7 * sigma[i];
            Assert.True(Math.Abs(back[i] - sigma[i]) <= tol, $"σ {sigma[i]} → ρ {rho} → {back[i]} (tolerance {tol})");
        }
    }

    [Fact]
    public void Sigma_is_positive_for_rho_down_to_minus_100()
    {
        var q = GaussianPosterior.FromMuRho([0f, 0f, 0f], [-100f, -50f, 100f]);
        var s = q.Sigma();
        Assert.All(s, v => Assert.True(v > 0 && float.IsFinite(v)));
        Assert.True(double.IsFinite(q.LogDensity([0f, 0f, 0f])));
    }

    [Fact]
    public void Log_density_matches_the_normal_density()
    {
        var q = GaussianPosterior.FromMuSigma([0.5f, -1f, 2f], [0.3f, 1f, 2.5f]);
        float[] w = [0.1f, -2f, 5f];
        double expected = 0;
        for (int i = 0; i < 3; i++) expected += Normal.PDFLn(q.Mu[i], q.Sigma()[i], w[i]);
        Assert.Equal(expected, q.LogDensity(w), 5);
    }

    [Fact]
    public void Reparameterize_is_mu_plus_sigma_times_epsilon()
    {
        var q = GaussianPosterior.FromMuSigma([1f, -1f], [0.5f, 2f]);
        var w = new float[2];
        q.Reparameterize([2f, -0.5f], w);
        Assert.Equal(2f, w[0], 5);
        Assert.Equal(-2f, w[1], 5);
    }

    [Fact]
    public void Non_positive_sigma_is_rejected_naming_the_parameter_and_value()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => GaussianPosterior.FromMuSigma([0f, 0f], [1f, -0.25f]));
        Assert.Equal("sigma", e.ParamName);
        Assert.Contains("-0.25", e.Message);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected_naming_the_parameter()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => GaussianPosterior.FromMuRho([0f, 0f], [1f]));
        Assert.Equal("rho", e.ParamName);
    }

    [Fact]
    public void NaN_mu_is_rejected_naming_the_index()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => GaussianPosterior.FromMuRho([0f, float.NaN], [1f, 1f]));
        Assert.Equal("mu", e.ParamName);
        Assert.Contains("mu[1]", e.Message);
    }
}
