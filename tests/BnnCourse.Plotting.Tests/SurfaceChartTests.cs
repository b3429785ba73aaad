using BnnCourse.Numerics;

namespace BnnCourse.Plotting.Tests;

public class SurfaceChartTests
{
    [Fact]
    public void Decision_surface_lays_row_major_entropy_out_as_rows_of_y_and_draws_one_trace_per_class()
    {
        double[] gx = [0, 1, 2];
        double[] gy = [10, 20];
        double[] entropy = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]; // (x=2, y=10) is 0.3; (x=0, y=20) is 0.4
        var chart = new ChartJson(Charts.DecisionSurface("Entropy is highest between the classes", gx, gy, entropy,
            new[] { 0.0, 1, 2 }, new[] { 10.0, 20, 10 }, [1, 0, 1]));

        Assert.Equal(3, chart.Traces.Length);
        var heat = chart.Traces[0];
        Assert.Equal("heatmap", ChartJson.Str(heat, "type"));
        var z = heat.GetProperty("z").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal([0.1, 0.2, 0.3], z[0]);
        Assert.Equal([0.4, 0.5, 0.6], z[1]);
        Assert.Equal(gy, ChartJson.Numbers(heat, "y"));
        Assert.Equal("entropy (nats)", heat.GetProperty("colorbar").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(9, chart.Traces[1].GetProperty("marker").GetProperty("size").GetInt32());
        Assert.Equal("class 0", ChartJson.Str(chart.Traces[1], "name"));
        Assert.Equal([1.0], ChartJson.Numbers(chart.Traces[1], "x"));
        Assert.Equal([0.0, 2.0], ChartJson.Numbers(chart.Traces[2], "x"));
    }

    [Fact]
    public void Decision_surface_with_a_grid_of_the_wrong_size_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Charts.DecisionSurface("Entropy", new[] { 0.0, 1 }, new[] { 0.0, 1 }, new[] { 0.1, 0.2, 0.3 },
            new double[0], new double[0], []));
        Assert.Equal("entropy", ex.ParamName);
    }

    [Fact]
    public void Image_grid_draws_each_image_upright_with_its_caption_and_pads_the_last_row()
    {
        // A 3×2 image whose only lit pixel is the top-left one (row 0, column 0).
        float[] topLeft = [1, 0, 0, 0, 0, 0];
        float[] bottomRight = [0, 0, 0, 0, 0, 1];
        var chart = new ChartJson(Charts.ImageGrid("The network doubts these digits", [topLeft, bottomRight, topLeft], ["7 (p = 0.41)", "1", "3"], columns: 2, width: 2, height: 3));

        var heatmaps = chart.Traces.Where(t => ChartJson.Str(t, "type") == "heatmap").ToArray();
        Assert.Equal(3, heatmaps.Length);
        var z = heatmaps[0].GetProperty("z").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal([1.0, 0.0], z[2]); // plotly's last row is drawn at the top
        Assert.Equal([0.0, 0.0], z[0]);
        var captions = chart.Layout.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString()!).ToArray();
        Assert.Equal(["7 (p = 0.41)", "1", "3"], captions.Where(c => c != "").ToArray());
        Assert.Equal(2, chart.Layout.GetProperty("grid").GetProperty("rows").GetInt32());
        // Captions small enough for their 180 px cell, and no tick labels to fall on the neighbouring image.
        Assert.All(chart.Layout.GetProperty("annotations").EnumerateArray(), a => Assert.Equal(12, a.GetProperty("font").GetProperty("size").GetDouble()));
        var axes = chart.Layout.EnumerateObject().Where(p => p.Name.StartsWith("xaxis") || p.Name.StartsWith("yaxis")).ToArray();
        Assert.Equal(2 * 4, axes.Length);   // 2 × 2 cells, the fourth empty
        Assert.All(axes, p => Assert.False(p.Value.GetProperty("showticklabels").GetBoolean(), p.Name));
    }

    [Fact]
    public void Image_grid_from_matrix_rows_takes_the_requested_rows()
    {
        var images = new Matrix(3, 4, [0, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9, 9]);
        var chart = new ChartJson(Charts.ImageGrid("Row 1", images, [1], ["one"], width: 2, height: 2));
        var z = chart.Traces[0].GetProperty("z").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal([3.0, 4.0], z[0]);
        Assert.Equal([1.0, 2.0], z[1]);
    }

    [Fact]
    public void Image_grid_rejects_an_image_of_the_wrong_size_and_mismatched_captions()
    {
        Assert.Throws<ArgumentException>(() => Charts.ImageGrid("Digits", [new float[783]], ["x"]));
        var ex = Assert.Throws<ArgumentException>(() => Charts.ImageGrid("Digits", [new float[784]], ["x", "y"]));
        Assert.Equal("captions", ex.ParamName);
    }
}
