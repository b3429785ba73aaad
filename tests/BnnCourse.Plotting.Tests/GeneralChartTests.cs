using System.Text.Json;
using Plotly.NET;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace BnnCourse.Plotting.Tests;

public class GeneralChartTests
{
    private static string? AxisTitle(ChartJson chart, string axis) =>
        chart.Layout.TryGetProperty(axis, out var a) && a.TryGetProperty("title", out var t) && t.TryGetProperty("text", out var text) ? text.GetString() : null;

    private static string? AxisType(ChartJson chart, string axis) =>
        chart.Layout.TryGetProperty(axis, out var a) && a.TryGetProperty("type", out var t) ? t.GetString() : null;

    private static (int Width, int Height) Size(ChartJson chart) =>
        (chart.Layout.GetProperty("width").GetInt32(), chart.Layout.GetProperty("height").GetInt32());

    private static GenericChart Bands() =>
        Charts.PredictiveBands("Epistemic uncertainty grows away from the data", new[] { 0.0, 1 }, new[] { 0.0, 1 },
            new[] { 0.1, 0.1 }, new[] { 0.2, 0.2 }, new[] { 0.5 }, new[] { 0.5 });

    [Fact]
    public void Styled_gives_a_plain_plotly_chart_the_title_axis_titles_log_axes_and_house_size()
    {
        var raw = PlotlyChart.Line<double, double, string>(x: [1.0, 10, 100], y: [1.0, 0.1, 0.01], Name: "loss");
        Assert.Equal((600, 600), Size(new ChartJson(raw)));   // Plotly.NET's default

        var chart = new ChartJson(Charts.Styled(raw, "The loss falls as a power of the step", "step", "nats", logX: true, logY: true));

        Assert.Equal("The loss falls as a power of the step", chart.Title);
        Assert.Equal("step", AxisTitle(chart, "xaxis"));
        Assert.Equal("nats", AxisTitle(chart, "yaxis"));
        Assert.Equal("log", AxisType(chart, "xaxis"));
        Assert.Equal("log", AxisType(chart, "yaxis"));
        Assert.Equal((800, 450), Size(chart));
    }

    [Fact]
    public void A_title_longer_than_its_figure_wraps_onto_lines_that_fit_and_the_figure_grows_for_a_third_line()
    {
        var raw = PlotlyChart.Line<double, double, string>(x: [1.0, 2], y: [1.0, 2], Name: "loss");
        const string shortTitle = "The loss falls";
        Assert.Equal(shortTitle, new ChartJson(Charts.Styled(raw, shortTitle)).Title);

        string words = string.Join(" ", Enumerable.Range(0, 40).Select(i => $"word{i}"));   // 279 characters
        var wide = new ChartJson(Charts.Styled(raw, words, width: 800, height: 450));
        string[] lines = wide.Title!.Split("<br>");
        Assert.True(lines.Length >= 4, $"{lines.Length} lines");
        Assert.Equal(words, string.Join(" ", lines));   // nothing lost, nothing reordered
        // 17 px glyphs of at most 0.6 em: every line ends inside the 800 px figure after starting at 5% of it.
        Assert.All(lines, l => Assert.True(0.05 * 800 + l.Length * 0.6 * 17 <= 800, $"'{l}' is {l.Length} characters"));
        int extra = wide.Layout.GetProperty("height").GetInt32() - 450;
        Assert.True(extra > 0, "a title of more than two lines needs a taller figure");
        Assert.Equal(100 + extra, wide.Layout.GetProperty("margin").GetProperty("t").GetInt32());

        var narrow = new ChartJson(Charts.Styled(raw, words, width: 400, height: 450)).Title!.Split("<br>");
        Assert.True(narrow.Length > lines.Length, $"{narrow.Length} lines at 400 px vs {lines.Length} at 800 px");
    }

    [Fact]
    public void Combine_loses_the_house_size_and_Styled_restores_it_keeping_the_axis_titles()
    {
        var extra = PlotlyChart.Point<double, double, string>(x: [0.3], y: [0.3], Name: "test point");
        var combined = PlotlyChart.Combine([Bands(), extra]);
        Assert.Equal((600, 600), Size(new ChartJson(combined)));

        var restyled = new ChartJson(Charts.Styled(combined, "The test point lies inside the band"));

        Assert.Equal((800, 450), Size(restyled));
        Assert.Equal("The test point lies inside the band", restyled.Title);
        Assert.Equal("x", AxisTitle(restyled, "xaxis"));   // null axis titles keep PredictiveBands' own
        Assert.Equal("y", AxisTitle(restyled, "yaxis"));
        Assert.Null(AxisType(restyled, "yaxis"));
        Assert.Equal(7, restyled.Traces.Length);
    }

    [Fact]
    public void Styled_rejects_an_empty_title_and_a_zero_size()
    {
        var raw = PlotlyChart.Line<double, double, string>(x: [1.0], y: [1.0]);
        Assert.Equal("title", Assert.Throws<ArgumentException>(() => Charts.Styled(raw, " ")).ParamName);
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => Charts.Styled(raw, "Claim", width: 0)).ParamName);
        Assert.Throws<ArgumentNullException>(() => Charts.Styled(null!, "Claim"));
    }

    [Fact]
    public void Lines_draws_one_coloured_trace_per_series_in_order_with_its_own_x()
    {
        var chart = new ChartJson(Charts.Lines("Adam falls faster than SGD", "step", "nats",
            [("SGD", new[] { 1, 2, 3 }, new[] { 9.0, 8, 7 }), ("Adam", new[] { 1.0, 2 }, new[] { 9.0, 3 })], logY: true));

        Assert.Equal(2, chart.Traces.Length);
        Assert.Equal("SGD", ChartJson.Str(chart.Traces[0], "name"));
        Assert.Equal([1.0, 2, 3], ChartJson.Numbers(chart.Traces[0], "x"));
        Assert.Equal([9.0, 8, 7], ChartJson.Numbers(chart.Traces[0], "y"));
        Assert.Equal([1.0, 2], ChartJson.Numbers(chart.Trace("Adam"), "x"));
        Assert.Equal([9.0, 3], ChartJson.Numbers(chart.Trace("Adam"), "y"));
        string Colour(JsonElement t) => t.GetProperty("line").GetProperty("color").GetString()!;
        Assert.NotEqual(Colour(chart.Traces[0]), Colour(chart.Traces[1]));
        Assert.Equal("Adam falls faster than SGD", chart.Title);
        Assert.Equal("step", AxisTitle(chart, "xaxis"));
        Assert.Equal("nats", AxisTitle(chart, "yaxis"));
        Assert.Equal("log", AxisType(chart, "yaxis"));
        Assert.Null(AxisType(chart, "xaxis"));
        Assert.Equal((800, 450), Size(chart));
    }

    [Fact]
    public void Lines_rejects_unequal_lengths_no_series_and_non_positive_values_on_a_log_axis()
    {
        var unequal = Assert.Throws<ArgumentException>(() => Charts.Lines("Claim", "x", "y",
            [("a", new[] { 1.0, 2 }, new[] { 1.0, 2 }), ("b", new[] { 1.0, 2 }, new[] { 1.0 })]));
        Assert.Equal("series[1].Y", unequal.ParamName);
        Assert.Equal("series", Assert.Throws<ArgumentException>(() => Charts.Lines("Claim", "x", "y", [])).ParamName);
        var log = Assert.Throws<ArgumentException>(() => Charts.Lines("Claim", "x", "y", [("a", new[] { 0.0, 1 }, new[] { 1.0, 2 })], logX: true));
        Assert.Equal("logX", log.ParamName);
        Assert.Contains("x = 0", log.Message);
    }

    [Fact]
    public void Heatmap_lays_row_major_z_out_as_rows_of_y_with_titled_axes_and_colour_bar()
    {
        double[] z = [1, 2, 3, 4, 5, 6]; // (x=2, y=10) is 3; (x=0, y=20) is 4
        var chart = new ChartJson(Charts.Heatmap("The ELBO peaks near μ = 1", new[] { 0.0, 1, 2 }, new[] { 10.0, 20 }, z, "μ", "ρ", "ELBO (nats)"));

        var heat = Assert.Single(chart.Traces);
        Assert.Equal("heatmap", ChartJson.Str(heat, "type"));
        var rows = heat.GetProperty("z").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal([1.0, 2, 3], rows[0]);
        Assert.Equal([4.0, 5, 6], rows[1]);
        Assert.Equal([0.0, 1, 2], ChartJson.Numbers(heat, "x"));
        Assert.Equal([10.0, 20], ChartJson.Numbers(heat, "y"));
        Assert.Equal("ELBO (nats)", heat.GetProperty("colorbar").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("μ", AxisTitle(chart, "xaxis"));
        Assert.Equal("ρ", AxisTitle(chart, "yaxis"));
        Assert.Equal("The ELBO peaks near μ = 1", chart.Title);
    }

    [Fact]
    public void Heatmap_with_z_of_the_wrong_size_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Charts.Heatmap("Claim", new[] { 0.0, 1 }, new[] { 0.0, 1 }, new[] { 1.0, 2, 3 }, "x", "y"));
        Assert.Equal("z", ex.ParamName);
    }
}
