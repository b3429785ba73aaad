using BnnCourse.Data;
using BnnCourse.Numerics;
using MathNet.Numerics.Distributions;

namespace BnnCourse.Tests.Scoring;

public class RegressionMetricsTests
{
    const double HalfLog2PiPlusHalf = 1.4189385332046727; // ½ log 2π + ½

    [Fact]
    public void Rmse_matches_hand_computation()
    {
        Assert.Equal(Math.Sqrt(5.0 / 3), Metrics.Rmse([1f, 2f, 3f], [1f, 1f, 5f]), 1e-14);
        Assert.Equal("predicted", Assert.Throws<ArgumentException>(() => Metrics.Rmse([1f], [1f, 2f])).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentException>(() => Metrics.Rmse([], [])).ParamName);
    }

    [Fact]
    public void Gaussian_nll_per_point_matches_the_closed_form_and_MathNet()
    {
        var nll = new double[3];
        Metrics.GaussianNllPerPoint([0f, 1f, -2f], [1f, 4f, 0.25f], [1f, 1f, 0f], nll);
        Assert.Equal(HalfLog2PiPlusHalf, nll[0], 1e-12);
        Assert.Equal(-Normal.PDFLn(1, 2, 1), nll[1], 1e-12);
        Assert.Equal(-Normal.PDFLn(-2, 0.5, 0), nll[2], 1e-12);
        Assert.Equal(nll.Average(), Metrics.GaussianNll([0f, 1f, -2f], [1f, 4f, 0.25f], [1f, 1f, 0f]), 1e-14);
    }

    [Fact]
    public void Monte_carlo_nll_is_minus_log_of_the_mean_density()
    {
        // Two samples at one point: means 0 and 3, variances 1 and 4, target 1.
        double expected = -Math.Log((Normal.PDF(0, 1, 1) + Normal.PDF(3, 2, 1)) / 2);
        Assert.Equal(expected, Metrics.MonteCarloNll([0f, 3f], [1f, 4f], 2, [1f]), 1e-12);
        // Agreeing samples give the single-Gaussian NLL.
        Assert.Equal(HalfLog2PiPlusHalf, Metrics.MonteCarloNll([0f, 0f, 0f], [1f, 1f, 1f], 3, [1f]), 1e-12);
    }

    [Fact]
    public void Monte_carlo_nll_stays_finite_far_in_the_tails()
    {
        // 1000 standard deviations out every density underflows to 0 in double; log-sum-exp keeps the exact value.
        double nll = Metrics.MonteCarloNll([0f, 0f], [1f, 1f], 2, [1000f]);
        Assert.Equal(HalfLog2PiPlusHalf - 0.5 + 1000.0 * 1000 / 2, nll, 1e-6);
    }

    [Fact]
    public void Monte_carlo_layout_is_samples_by_points()
    {
        // S = 2, N = 2: point 0 has means (0, 0), point 1 has means (5, 5); targets at the means.
        var nll = new double[2];
        Metrics.MonteCarloNllPerPoint([0f, 5f, 0f, 5f], [1f, 1f, 1f, 1f], 2, [0f, 5f], nll);
        Assert.Equal(HalfLog2PiPlusHalf - 0.5, nll[0], 1e-12);
        Assert.Equal(HalfLog2PiPlusHalf - 0.5, nll[1], 1e-12);
    }

    [Fact]
    public void Target_scale_gives_the_nll_of_the_same_prediction_in_original_units()
    {
        // Predict in standardised units, then compare with the same mixture mapped to original units by hand.
        var y = Matrix.FromArray(new float[,] { { 120 }, { 80 }, { 200 }, { 150 } });
        var st = Standardizer.Fit(y);
        float[] means = [0.1f, -0.5f, 1.2f, 0.3f, 0.2f, -0.4f, 1.6f, 0.1f], variances = [0.3f, 0.2f, 0.5f, 0.4f, 0.25f, 0.2f, 0.6f, 0.3f];
        var z = st.Apply(y).Data;
        double standardised = Metrics.MonteCarloNll(means, variances, 2, z, targetScale: st.Scale[0]);
        double s = st.Scale[0], m = st.Mean[0], original = 0;
        for (int i = 0; i < 4; i++)
            original -= Math.Log((Normal.PDF(m + s * means[i], s * Math.Sqrt(variances[i]), y[i, 0])
                                + Normal.PDF(m + s * means[4 + i], s * Math.Sqrt(variances[4 + i]), y[i, 0])) / 2);
        Assert.Equal(original / 4, standardised, 1e-5);
        Assert.Equal(Metrics.MonteCarloNll(means, variances, 2, z) + Math.Log(s), standardised, 1e-12);
    }

    [Fact]
    public void Nll_arguments_are_validated_with_their_names()
    {
        var nll = new double[1];
        Assert.Equal("variance", Assert.Throws<ArgumentException>(() => Metrics.GaussianNllPerPoint([0f], [0f], [0f], nll)).ParamName);
        Assert.Equal("sampledMeans", Assert.Throws<ArgumentException>(() => Metrics.MonteCarloNll([0f], [1f, 1f], 2, [0f])).ParamName);
        Assert.Equal("targetScale", Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.MonteCarloNll([0f], [1f], 1, [0f], -1)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.MonteCarloNll([0f], [1f], 0, [0f])).ParamName);
    }
}
