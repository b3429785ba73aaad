namespace BnnCourse.Plotting.Tests;

public class BandAndSeriesTests
{
    [Fact]
    public void AroundMean_is_mean_plus_minus_z_sigma()
    {
        var band = Band.AroundMean(new[] { 1.0, -2.0 }, new[] { 0.5, 0.0 }, z: 3);
        Assert.Equal([-0.5, -2.0], band.Lower);
        Assert.Equal([2.5, -2.0], band.Upper);
    }

    [Fact]
    public void A_band_whose_lower_edge_is_above_its_upper_edge_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Band(new[] { 0.0, 2.0 }, new[] { 1.0, 1.0 }));
        Assert.Equal("lower", ex.ParamName);
        Assert.Contains("lower[1] = 2", ex.Message);
    }

    [Fact]
    public void Negative_sigma_is_rejected_naming_the_index()
    {
        var ex = Assert.Throws<ArgumentException>(() => Band.AroundMean(new[] { 0.0, 0.0 }, new[] { 1.0, -0.1 }));
        Assert.Equal("sigma", ex.ParamName);
        Assert.Contains("sigma[1] = -0.1", ex.Message);
    }

    [Fact]
    public void Float_and_int_arrays_widen_exactly_and_the_series_is_a_copy()
    {
        float[] f = [0.1f, 3.5f];
        Series s = f;
        f[0] = 99;
        Assert.Equal([(double)0.1f, 3.5], s.ToArray());
        Series i = new[] { 1, -2 };
        Assert.Equal([1.0, -2.0], i.ToArray());
    }

    [Fact]
    public void A_null_array_is_named_by_the_chart_that_receives_it()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => Charts.EstimatorDistribution("Unbiased", (double[]?)null, 1.0));
        Assert.Equal("estimates", ex.ParamName);
    }
}
