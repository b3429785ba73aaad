namespace BnnCourse.Plotting;

public static partial class Charts
{
    private static readonly string[] LineColours = [Blue, Orange, Green, Red, Purple, Grey];

    /// <summary>
    /// The course's house style for any chart, including one built with Plotly.NET directly: a title that states the
    /// claim, axis titles, optional log axes, and the house size (800 × 450 by default). Plotly.NET.CSharp has no
    /// WithTitle, so notebooks use this instead of <c>Plotly.NET.Chart.withTitle(t, null).Invoke(c)</c>.
    /// </summary>
    /// <remarks>
    /// Apply it again after <c>Chart.Combine</c>: every Plotly.NET chart carries a default size of 600 × 600 and Combine
    /// keeps the size of the last chart it is given, so <c>Chart.Combine([Charts.PredictiveBands(…), Chart.Point(…)])</c>
    /// comes out 600 × 600. Title and axis titles of the combined charts survive; an axis title left null here is kept.
    /// </remarks>
    /// <param name="chart">The chart to style (its layout is updated).</param>
    /// <param name="title">The claim the chart shows.</param>
    /// <param name="xTitle">x axis title; null keeps the chart's own.</param>
    /// <param name="yTitle">y axis title; null keeps the chart's own.</param>
    /// <param name="logX">Draw the x axis on a log scale (every x must then be &gt; 0).</param>
    /// <param name="logY">Draw the y axis on a log scale (every y must then be &gt; 0).</param>
    /// <param name="width">Width in pixels, ≥ 1.</param>
    /// <param name="height">Height in pixels, ≥ 1.</param>
    /// <example><c>Charts.Styled(Chart.Combine([bands, extra]), "Epistemic uncertainty grows away from the data")</c></example>
    /// <exception cref="ArgumentException">Null chart, empty title, or a size below 1.</exception>
    public static GenericChart Styled(GenericChart chart, string title, string? xTitle = null, string? yTitle = null,
        bool logX = false, bool logY = false, int width = 800, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(chart);
        RequireTitle(title);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var styled = chart.TitledAndSized(title, width, height);
        if (xTitle is not null)
            styled = styled.WithXAxisStyle<double, double, string>(TitleText: xTitle);
        if (yTitle is not null)
            styled = styled.WithYAxisStyle<double, double, string>(TitleText: yTitle);
        if (logX)
            styled = styled.WithXAxisStyle<double, double, string>(AxisType: StyleParam.AxisType.Log);
        if (logY)
            styled = styled.WithYAxisStyle<double, double, string>(AxisType: StyleParam.AxisType.Log);
        return styled;
    }

    /// <summary>
    /// Several named lines on one pair of axes, in the course's colours (blue, orange, green, red, purple, grey, then
    /// again), in the house style. One trace per series, in the order given.
    /// </summary>
    /// <param name="title">The claim the chart shows.</param>
    /// <param name="xTitle">x axis title.</param>
    /// <param name="yTitle">y axis title.</param>
    /// <param name="series">(name, x, y) of each line; x and y of a line have the same, non-zero length.</param>
    /// <param name="logX">Log-scale x axis (every x must then be &gt; 0).</param>
    /// <param name="logY">Log-scale y axis (every y must then be &gt; 0).</param>
    /// <example><c>Charts.Lines("Adam converges before SGD", "step", "nats", [("SGD", steps, sgdLoss), ("Adam", steps, adamLoss)], logY: true)</c></example>
    /// <exception cref="ArgumentException">No series, a series without a name, lengths differ, or a value ≤ 0 on a log axis.</exception>
    public static GenericChart Lines(string title, string xTitle, string yTitle, IReadOnlyList<(string Name, Series X, Series Y)> series,
        bool logX = false, bool logY = false)
    {
        RequireTitle(title);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
            throw new ArgumentException("Give at least one series.", nameof(series));
        var traces = new List<GenericChart>();
        for (int k = 0; k < series.Count; k++)
        {
            var (name, x, y) = series[k];
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"series[{k}] has no name.", nameof(series));
            var xs = x.Require($"{nameof(series)}[{k}].X");
            var ys = y.Require($"{nameof(series)}[{k}].Y", xs.Length);
            RequirePositiveOnLogAxis(xs, logX, name, "x", nameof(logX));
            RequirePositiveOnLogAxis(ys, logY, name, "y", nameof(logY));
            traces.Add(Chart.Line<double, double, string>(x: xs, y: ys, Name: name, LineColor: Colour(LineColours[k % LineColours.Length])));
        }
        return Styled(Chart.Combine(traces), title, xTitle, yTitle, logX, logY);
    }

    private static void RequirePositiveOnLogAxis(double[] values, bool log, string series, string axis, string parameter)
    {
        if (!log)
            return;
        foreach (var v in values)
            if (!(v > 0))
                throw new ArgumentException($"Series \"{series}\" has {axis} = {v} on a log axis; every {axis} must be > 0.", parameter);
    }

    /// <summary>
    /// A function of two variables on a grid, as colours (viridis: dark low, bright high) with a titled colour bar,
    /// in the house style. One heatmap trace, cells drawn as they are (no smoothing).
    /// </summary>
    /// <param name="title">The claim the chart shows.</param>
    /// <param name="xs">The grid's x coordinates (nx values, ascending).</param>
    /// <param name="ys">The grid's y coordinates (ny values, ascending).</param>
    /// <param name="z">Values, row-major ny × nx: z[j·nx + i] is at (xs[i], ys[j]). NaN leaves a cell empty.</param>
    /// <param name="xTitle">x axis title.</param>
    /// <param name="yTitle">y axis title.</param>
    /// <param name="zTitle">The colour bar's title (what z is, with its unit).</param>
    /// <exception cref="ArgumentException">Empty title or grid, or z does not have nx·ny values.</exception>
    public static GenericChart Heatmap(string title, Series xs, Series ys, Series z, string xTitle, string yTitle, string zTitle = "value")
    {
        RequireTitle(title);
        var gx = xs.Require(nameof(xs));
        var gy = ys.Require(nameof(ys));
        var values = z.Require(nameof(z), gx.Length * gy.Length);
        return Styled(HeatmapTrace(gx, gy, values, zTitle, zTitle, smooth: false), title, xTitle, yTitle, width: 700, height: 600);
    }

    /// <summary>A viridis heatmap trace of row-major z (ny × nx) over the grid, its colour bar titled <paramref name="zTitle"/>.</summary>
    private static GenericChart HeatmapTrace(double[] xs, double[] ys, double[] z, string name, string zTitle, bool smooth)
    {
        var rows = new double[ys.Length][];
        for (int j = 0; j < ys.Length; j++)
            rows[j] = z.AsSpan(j * xs.Length, xs.Length).ToArray();
        return Chart.Heatmap<double, double, double, string>(zData: rows, X: xs, Y: ys, Name: name, ColorScale: StyleParam.Colorscale.Viridis,
            ZSmooth: smooth ? StyleParam.SmoothAlg.Best : StyleParam.SmoothAlg.False, ColorBar: TitledColorBar(zTitle));
    }
}
