using BnnCourse;
using BnnCourse.Tests.Support;
using MathNet.Numerics.Distributions;

namespace BnnCourse.Tests.Distributions;

public class PriorTests
{
    static readonly float[] Weights = [0f, 1e-4f, 2e-3f, 0.0025f, -0.01f, 0.1f, -0.5f, 1f, 3f];

    [Fact]
    public void Gaussian_prior_log_density_matches_the_normal_density()
    {
        var p = Prior.Gaussian(0.7f);
        double expected = Weights.Sum(w => Normal.PDFLn(0, 0.7f, w));
        Assert.Equal(expected, p.LogDensity(Weights), 9);
    }

    [Fact]
    public void A_gaussian_is_the_mixture_with_pi_one_and_equal_sigmas_and_only_it_has_one_sigma()
    {
        var g = Prior.Gaussian(0.7f);
        Assert.Equal((true, 1f, 0.7f, 0.7f, 0.7f), (g.IsGaussian, g.Pi, g.Sigma1, g.Sigma2, g.Sigma));
        var m = Prior.ScaleMixture(0.25f, 1f, 0.1f);
        Assert.Equal((false, 0.25f, 1f, 0.1f), (m.IsGaussian, m.Pi, m.Sigma1, m.Sigma2));
        var e = Assert.Throws<InvalidOperationException>(() => m.Sigma);
        Assert.Contains("Sigma1 = 1", e.Message);
        // π = 1 written as a mixture is refused (π must lie in (0, 1)); the Gaussian is the way to say it
        Assert.Equal("pi", Assert.ThrowsAny<ArgumentException>(() => Prior.ScaleMixture(1f, 1f, 0.1f)).ParamName);
    }

    [Fact]
    public void Scale_mixture_log_density_matches_the_mixture_computed_directly_in_double()
    {
        var p = Prior.ScaleMixture(0.5f, 1f, MathF.Exp(-6f));
        foreach (var w in Weights)
        {
            double direct = Math.Log(0.5 * Normal.PDF(0, 1, w) + 0.5 * Normal.PDF(0, (double)MathF.Exp(-6f), w));
            Assert.True(Math.Abs(p.LogDensity([w]) - direct) <= 1e-12 * Math.Max(1, Math.Abs(direct)), $"w = {w}: {p.LogDensity([w])} vs {direct}");
        }
    }

    [Fact]
    public void Scale_mixture_log_density_stays_finite_where_the_narrow_component_underflows()
    {
        // At w = 30 with σ₂ = e⁻⁸ the narrow density is e^(−(30 e⁸)²/2) = 0 in double; the log-density must be the wide one's.
        var p = Prior.ScaleMixture(0.25f, 1f, MathF.Exp(-8f));
        double expected = Math.Log(0.25) + Normal.PDFLn(0, 1, 30);
        Assert.Equal(expected, p.LogDensity([30f]), 9);
    }

    [Fact]
    public void Prior_log_density_gradients_match_central_differences()
    {
        Prior[] priors = [Prior.Gaussian(0.7f), Prior.ScaleMixture(0.5f, 1f, 0.05f), Prior.ScaleMixture(0.3f, 2f, 0.2f)];
        var w = (float[])Weights.Clone();
        var grad = new float[w.Length];
        foreach (var p in priors)
        {
            double value = p.LogDensity(w, grad);
            // the fused training path runs in float (double accumulation): agree with the double path to float rounding
            double exact = p.LogDensity(w);
            Assert.True(Math.Abs(value - exact) <= 1e-6 * (Math.Abs(exact) + w.Length), $"{p}: fused {value} vs double {exact}");
            GradientCheck.Assert(p.ToString()!, w, grad, () => p.LogDensity(w), Enumerable.Range(0, w.Length), h: 1e-4);
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(-0.5f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Mixture_weight_outside_the_open_unit_interval_is_rejected_naming_pi(float pi)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Prior.ScaleMixture(pi, 1f, 0.1f));
        Assert.Equal("pi", e.ParamName);
        Assert.Contains(pi.ToString("R", System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.PositiveInfinity)]
    public void Non_positive_prior_sigma_is_rejected_naming_the_parameter(float sigma)
    {
        Assert.Equal("sigma", Assert.ThrowsAny<ArgumentException>(() => Prior.Gaussian(sigma)).ParamName);
        Assert.Equal("sigma2", Assert.ThrowsAny<ArgumentException>(() => Prior.ScaleMixture(0.5f, 1f, sigma)).ParamName);
    }
}
