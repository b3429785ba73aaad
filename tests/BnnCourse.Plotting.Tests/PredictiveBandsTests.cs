namespace BnnCourse.Plotting.Tests;

public class PredictiveBandsTests
{
    private static readonly double[] X = [0, 1, 2, 3];
    private static readonly double[] Mean = [0, 1, 4, 9];
    private static readonly double[] EpistemicSigma = [0.1, 0.2, 0.3, 0.4];
    private static readonly double[] TotalSigma = [0.5, 0.5, 0.6, 0.7];

    [Fact]
    public void Total_band_is_drawn_behind_the_epistemic_band_then_mean_then_data()
    {
        var chart = new ChartJson(Charts.PredictiveBands("Uncertainty grows away from the data", X, Mean, EpistemicSigma, TotalSigma, new[] { 0.5, 1.5 }, new[] { 0.3, 2.1 }));

        var names = chart.Traces.Select(t => ChartJson.Str(t, "name")).ToArray();
        Assert.Equal(["total (epistemic + noise) lower", "total (epistemic + noise)", "epistemic (weights) lower", "epistemic (weights)", "predictive mean", "training data"], names);
        Assert.Equal("Uncertainty grows away from the data", chart.Title);
    }

    [Fact]
    public void Each_band_is_mean_plus_minus_z_sigma_and_its_upper_edge_fills_down_to_its_lower_edge()
    {
        const double z = 2.0;
        var chart = new ChartJson(Charts.PredictiveBands("Bands", X, Mean, EpistemicSigma, TotalSigma, Array.Empty<double>(), Array.Empty<double>(), z));

        var traces = chart.Traces;
        foreach (var (lower, upper, sigma) in new[] { (0, 1, TotalSigma), (2, 3, EpistemicSigma) })
        {
            var lo = ChartJson.Numbers(traces[lower], "y");
            var hi = ChartJson.Numbers(traces[upper], "y");
            for (int i = 0; i < X.Length; i++)
            {
                Assert.Equal(Mean[i] - z * sigma[i], lo[i], 12);
                Assert.Equal(Mean[i] + z * sigma[i], hi[i], 12);
            }
            // An opaque fill: the epistemic band drawn over the total one shows its own legend colour, not a mix.
            Assert.EndsWith(", 1.0)", ChartJson.Str(traces[upper], "fillcolor").Replace(", 1)", ", 1.0)"));
            Assert.Equal("tonexty", ChartJson.Str(traces[upper], "fill"));
            Assert.False(traces[lower].TryGetProperty("fill", out _));
            Assert.False(traces[lower].GetProperty("showlegend").GetBoolean());
        }
    }

    [Fact]
    public void Explicit_bands_are_plotted_as_given()
    {
        var epistemic = new Band(new[] { -1.0, 0, 3, 8 }, new[] { 1.0, 2, 5, 10 });
        var total = new Band(new[] { -2.0, -1, 2, 7 }, new[] { 2.0, 3, 6, 11 });
        var chart = new ChartJson(Charts.PredictiveBands("Bands", X, Mean, epistemic, total, new[] { 1.0 }, new[] { 1.0 }));

        Assert.Equal(total.Upper, ChartJson.Numbers(chart.Trace("total (epistemic + noise)"), "y"));
        Assert.Equal(epistemic.Lower, ChartJson.Numbers(chart.Trace("epistemic (weights) lower"), "y"));
        Assert.Equal([1.0], ChartJson.Numbers(chart.Trace("training data"), "x"));
    }

    [Fact]
    public void Total_sigma_smaller_than_epistemic_sigma_is_rejected_naming_the_parameter()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Charts.PredictiveBands("Bands", X, Mean, EpistemicSigma, new[] { 0.5, 0.1, 0.6, 0.7 }, new double[0], new double[0]));
        Assert.Equal("totalSigma", ex.ParamName);
        Assert.Contains("totalSigma[1] = 0.1", ex.Message);
    }

    [Fact]
    public void Mean_of_the_wrong_length_is_rejected_naming_the_parameter()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Charts.PredictiveBands("Bands", X, new[] { 1.0, 2 }, EpistemicSigma, TotalSigma, new double[0], new double[0]));
        Assert.Equal("mean", ex.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_chart_without_a_title_is_rejected(string title)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Charts.PredictiveBands(title, X, Mean, EpistemicSigma, TotalSigma, new double[0], new double[0]));
        Assert.Equal("title", ex.ParamName);
    }
}
