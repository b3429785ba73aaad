using PlotlyChart = Plotly.NET.Chart;

namespace BnnCourse.Plotting;

/// <summary>Small wrappers over the F# Plotly.NET API that the C# API lacks (titles), and the course's colours.</summary>
internal static class ChartStyle
{
    public const string Blue = "rgba(31, 119, 180, 1.0)";
    public const string Orange = "rgba(255, 127, 14, 1.0)";
    public const string Green = "rgba(44, 160, 44, 1.0)";
    public const string Red = "rgba(214, 39, 40, 1.0)";
    public const string Purple = "rgba(148, 103, 189, 1.0)";
    public const string Grey = "rgba(90, 90, 90, 1.0)";
    /// <summary>Band fills: Orange and Blue lightened towards white, opaque (what 0.3 of the colour over white shows).</summary>
    public const string LightOrange = "rgba(255, 211, 171, 1.0)";
    public const string LightBlue = "rgba(187, 214, 233, 1.0)";

    public static Color Colour(string rgba) => Color.fromString(rgba);

    /// <summary>Plotly's default title font size in pixels, and a generous average glyph width for it (Open Sans
    /// averages about 0.55 em; 0.6 em leaves room for wide letters and digits).</summary>
    private const double TitleFontPx = 17, TitleGlyphPx = 0.6 * TitleFontPx, TitleLinePx = 1.3 * TitleFontPx;

    /// <summary>Plotly's default top margin, which holds a title of up to two lines.</summary>
    private const int DefaultTopMarginPx = 100;

    /// <summary>
    /// Breaks a title into lines that fit a figure <paramref name="width"/> pixels wide (plotly draws a title on
    /// one line and lets it run off the figure; the title is the chart's claim, so none of it may be lost). Breaks at
    /// spaces; a single word longer than a line stays whole. Lines are joined with plotly's &lt;br&gt;.
    /// </summary>
    public static IReadOnlyList<string> WrapTitle(string title, int width)
    {
        // The title starts at 5% of the width (plotly's title.x) and must end before the right edge, less a margin.
        int perLine = Math.Max(10, (int)((0.9 * width - 20) / TitleGlyphPx));
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > perLine)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return lines;
    }

    /// <summary>
    /// Title (Plotly.NET.CSharp has no WithTitle; the F# member is curried), wrapped to fit the width, see <see cref="WrapTitle"/>, and size in one step. A title of more than two
    /// lines gets a taller top margin and the figure grows by the same amount, so the plot area keeps its size.
    /// </summary>
    public static GenericChart TitledAndSized(this GenericChart chart, string title, int width, int height)
    {
        var lines = WrapTitle(title, width);
        int extra = Math.Max(0, (int)Math.Ceiling((lines.Count - 2) * TitleLinePx));
        var sized = PlotlyChart.withTitle(string.Join("<br>", lines), null).Invoke(chart).WithSize(width, height + extra);
        if (extra > 0)
            GenericChart.getLayout(sized).SetProperty("margin",
                Plotly.NET.LayoutObjects.Margin.init<int, int, int, int, int, bool>(null, null, DefaultTopMarginPx + extra, null, null, null));
        return sized;
    }

    /// <summary>Title, axis titles and size in one call (the public form is <see cref="Charts.Styled"/>).</summary>
    public static GenericChart Styled(this GenericChart chart, string title, string xTitle, string yTitle, int width = 800, int height = 450) =>
        Charts.Styled(chart, title, xTitle, yTitle, width: width, height: height);

    /// <summary>Throws unless the title is a non-empty claim.</summary>
    public static void RequireTitle(string title)
    {
        if (string.IsNullOrWhiteSpace(title))
            throw new ArgumentException("A chart needs a title that states its claim.", nameof(title));
    }
}
