namespace BnnCourse.Plotting.Tests;

public class TrainingChartTests
{
    [Fact]
    public void Free_energy_is_drawn_as_its_two_parts_and_their_sum()
    {
        var chart = new ChartJson(Charts.FreeEnergyParts("The complexity cost falls first", new[] { 1, 2, 3 }, new[] { 10.0, 6, 5 }, new[] { 100.0, 50, 40 }));

        Assert.Equal(3, chart.Traces.Length);
        Assert.Equal([10.0, 6, 5], ChartJson.Numbers(chart.Traces[0], "y"));
        Assert.Equal([100.0, 50, 40], ChartJson.Numbers(chart.Traces[1], "y"));
        Assert.Equal([110.0, 56, 45], ChartJson.Numbers(chart.Traces[2], "y"));
        Assert.Equal([1.0, 2, 3], ChartJson.Numbers(chart.Traces[2], "x"));
        Assert.Equal("The complexity cost falls first", chart.Title);
    }

    [Fact]
    public void Log_scale_free_energy_sets_a_log_y_axis_and_rejects_non_positive_values()
    {
        var chart = new ChartJson(Charts.FreeEnergyParts("Both parts fall", new[] { 1, 2 }, new[] { 10.0, 6 }, new[] { 100.0, 50 }, logY: true));
        Assert.Equal("log", chart.Layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Throws<ArgumentException>(() => Charts.FreeEnergyParts("Both parts fall", new[] { 1, 2 }, new[] { 10.0, 0 }, new[] { 100.0, 50 }, logY: true));
    }

    [Fact]
    public void Reliability_diagram_reports_the_hand_computed_expected_calibration_error()
    {
        // ECE = 10/40·|0.5 − 0.55| + 30/40·|0.8 − 0.95| = 0.0125 + 0.1125 = 0.125
        var chart = new ChartJson(Charts.ReliabilityDiagram("The network is over-confident", new[] { 0.55, 0.95 }, new[] { 0.5, 0.8 }, new[] { 10, 30 }));

        Assert.Equal(2, chart.Traces.Length);
        Assert.Equal("accuracy (ECE 0.125)", ChartJson.Str(chart.Traces[0], "name"));
        Assert.Equal([0.55, 0.95], ChartJson.Numbers(chart.Traces[0], "x"));
        Assert.Equal([0.5, 0.8], ChartJson.Numbers(chart.Traces[0], "y"));
        Assert.Equal([0.0, 1.0], ChartJson.Numbers(chart.Traces[1], "y"));
        Assert.Equal(0.125, Charts.ExpectedCalibrationError([0.55, 0.95], [0.5, 0.8], [10, 30]), 12);
    }

    [Fact]
    public void A_reliability_bin_with_accuracy_above_one_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Charts.ReliabilityDiagram("Calibrated", new[] { 0.5 }, new[] { 1.2 }, new[] { 3 }));
        Assert.Equal("accuracy", ex.ParamName);
    }

    [Fact]
    public void Reliability_diagram_with_no_predictions_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Charts.ReliabilityDiagram("Calibrated", new[] { 0.5 }, new[] { 0.5 }, new[] { 0 }));
    }
}
