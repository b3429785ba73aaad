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

    public static Color Colour(string rgba) => Color.fromString(rgba);

    /// <summary>Sets the chart's title (Plotly.NET.CSharp has no WithTitle; the F# member is curried).</summary>
    public static GenericChart Titled(this GenericChart chart, string title) =>
        PlotlyChart.withTitle(title, null).Invoke(chart);

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
