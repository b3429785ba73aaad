using BnnCourse;
using BnnCourse.Tests.Support;

namespace BnnCourse.Tests.Distributions;

public class SoftplusTests
{
    [Fact]
    public void Softplus_is_positive_finite_and_accurate_for_rho_from_minus_100_to_100()
    {
        for (double rho = -100; rho <= 100; rho += 0.25)
        {
            double sigma = Softplus.Value(rho);
            Assert.True(sigma > 0 && double.IsFinite(sigma), $"softplus({rho}) = {sigma}");
            Assert.True((float)sigma > 0, $"softplus({rho}) rounds to 0 in float");
            double reference = Reference(rho);
            Assert.True(Math.Abs(sigma - reference) <= 1e-14 * reference, $"softplus({rho}) = {sigma:R}, reference {reference:R}");
            double logSigma = Softplus.LogValue(rho);
            Assert.True(Math.Abs(logSigma - Math.Log(reference)) <= 1e-12 * Math.Max(1, Math.Abs(logSigma)), $"log softplus({rho}) = {logSigma:R}");
        }
    }

    /// <summary>log(1 + e^ρ) by the alternating series Σ (−1)^(k+1) e^(kρ)/k for |ρ| ≥ 1 (ρ + the series at −ρ above), the plain formula between.</summary>
    static double Reference(double rho)
    {
        if (Math.Abs(rho) < 1) return Math.Log(1 + Math.Exp(rho));
        double t = Math.Exp(-Math.Abs(rho)), term = t, sum = 0;
        for (int k = 1; k <= 80; k++, term *= t) sum += (k % 2 == 1 ? 1 : -1) * term / k;
        return rho > 0 ? rho + sum : sum;
    }

    [Fact]
    public void Softplus_inverse_recovers_rho()
    {
        foreach (double rho in new[] { -100.0, -40, -10, -1, 0, 0.5, 3, 25, 100 })
        {
            double back = Softplus.Inverse(Softplus.Value(rho));
            Assert.True(Math.Abs(back - rho) <= 1e-9 * Math.Max(1, Math.Abs(rho)), $"inverse(softplus({rho})) = {back:R}");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Softplus_inverse_rejects_non_positive_sigma_naming_it(double sigma)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Softplus.Inverse(sigma));
        Assert.Equal("sigma", e.ParamName);
        Assert.Contains(sigma.ToString("R"), e.Message);
    }

    [Fact]
    public void Softplus_derivative_is_sigmoid_by_central_differences()
    {
        foreach (double rho in new[] { -30.0, -5, -0.3, 0, 0.7, 4, 30 })
        {
            const double h = 1e-5;
            double numeric = (Softplus.Value(rho + h) - Softplus.Value(rho - h)) / (2 * h);
            double analytic = Softplus.Derivative(rho);
            Assert.True(Math.Abs(numeric - analytic) <= 1e-8 * Math.Max(1e-3, analytic) + 1e-15, $"ρ = {rho}: {analytic:R} vs {numeric:R}");
        }
    }
}
