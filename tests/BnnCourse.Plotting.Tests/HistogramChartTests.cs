namespace BnnCourse.Plotting.Tests;

public class HistogramChartTests
{
    [Fact]
    public void Posterior_histograms_have_three_panels_per_layer_whose_counts_add_up_to_the_weights()
    {
        var l1 = new LayerPosterior("layer 1", new[] { 0.5, -0.5, 0.1, 2.0, 0.0 }, new[] { 0.05, 0.5, 0.1, 0.2, 0.3 });
        var l2 = new LayerPosterior("layer 2", new[] { 1.0, 2.0 }, new[] { 1.0, 1.0 });
        var chart = new ChartJson(Charts.PosteriorHistograms("Most weights of layer 1 carry signal", [l1, l2], bins: 4));

        Assert.Equal(6, chart.Traces.Length);
        Assert.Equal(5, ChartJson.Numbers(chart.Traces[0], "y").Sum());   // μ of layer 1
        Assert.Equal(5, ChartJson.Numbers(chart.Traces[1], "y").Sum());   // σ of layer 1
        Assert.Equal(4, ChartJson.Numbers(chart.Traces[2], "y").Sum());   // |μ|/σ: μ = 0 is −∞ dB, left out
        Assert.Equal(2, ChartJson.Numbers(chart.Traces[5], "y").Sum());
        var subTitles = chart.Layout.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString()!).ToArray();
        Assert.Equal(["layer 1: μ", "layer 1: σ", "layer 1: |μ|/σ in dB", "layer 2: μ", "layer 2: σ", "layer 2: |μ|/σ in dB"], subTitles);
        Assert.Equal("Most weights of layer 1 carry signal", chart.Title);
    }

    [Fact]
    public void Signal_to_noise_is_ten_log10_of_abs_mu_over_sigma()
    {
        var layer = new LayerPosterior("l", new[] { 0.5, -0.5, 0.01 }, new[] { 0.05, 0.5, 0.1 });
        var snr = layer.SignalToNoiseDecibels();
        Assert.Equal(10.0, snr[0], 12);
        Assert.Equal(0.0, snr[1], 12);
        Assert.Equal(-10.0, snr[2], 12);
    }

    [Fact]
    public void A_layer_with_a_non_positive_sigma_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LayerPosterior("l", new[] { 0.5, 0.1 }, new[] { 0.05, 0.0 }));
        Assert.Equal("sigma", ex.ParamName);
    }

    [Fact]
    public void Estimator_distribution_counts_every_estimate_and_draws_the_exact_value_as_a_vertical_line_to_the_top_bar()
    {
        double[] estimates = [0.9, 1.0, 1.0, 1.1, 1.2, 0.8, 1.05];
        var chart = new ChartJson(Charts.EstimatorDistribution("The estimator is unbiased", estimates, exact: 1.0, bins: 5));

        Assert.Equal(3, chart.Traces.Length);
        var counts = ChartJson.Numbers(chart.Traces[0], "y");
        Assert.Equal(estimates.Length, counts.Sum());
        var exact = chart.Traces[1];
        Assert.Equal([1.0, 1.0], ChartJson.Numbers(exact, "x"));
        Assert.Equal(counts.Max() * 1.05, ChartJson.Numbers(exact, "y")[1], 12);
        Assert.StartsWith("exact = 1", ChartJson.Str(exact, "name"));
        double mean = estimates.Average();
        Assert.Equal([mean, mean], ChartJson.Numbers(chart.Traces[2], "x"));
    }

    [Fact]
    public void Histogram_bins_put_the_maximum_in_the_last_bin_and_span_the_data()
    {
        var h = HistogramBins.Count([0.0, 0.25, 0.5, 1.0, double.NaN], 4, "data");
        Assert.Equal([1.0, 1.0, 1.0, 1.0], h.Counts);
        Assert.Equal(0.25, h.Width, 12);
        Assert.Equal(0.125, h.Centers[0], 12);
    }

    [Fact]
    public void A_single_estimate_is_rejected_because_it_has_no_spread()
    {
        var ex = Assert.Throws<ArgumentException>(() => Charts.EstimatorDistribution("Spread", new[] { 1.0 }, 1.0));
        Assert.Equal("estimates", ex.ParamName);
    }
}
