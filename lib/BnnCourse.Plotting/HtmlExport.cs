using System.Net;
using System.Text;

namespace BnnCourse.Plotting;

/// <summary>
/// Offline HTML: pages that carry plotly.js inside them (about 3.6 MB), so they open without a network,
/// unlike a notebook's inline charts, which load plotly.js from a public CDN.
/// </summary>
public static class HtmlExport
{
    private const string PlotlyResource = "Plotly.NET.plotly-2.28.0.min.js";

    /// <summary>
    /// Writes several charts to one self-contained HTML page (plotly.js inlined once), each under its own heading
    /// taken from its title, after an optional paragraph of plain text. Returns the full path.
    /// </summary>
    /// <exception cref="ArgumentException">Empty path or title, or no chart.</exception>
    public static string SavePage(string path, string pageTitle, IReadOnlyList<GenericChart> charts, string? introText = null)
    {
        ChartStyle.RequireTitle(pageTitle);
        ArgumentNullException.ThrowIfNull(charts);
        if (charts.Count == 0)
            throw new ArgumentException("charts is empty.", nameof(charts));
        var full = FullPathCreatingFolder(path);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(pageTitle)).Append("</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}</style>\n")
            .Append("<script>").Append(PlotlyJavaScript()).Append("</script>\n</head><body>\n")
            .Append("<h1>").Append(WebUtility.HtmlEncode(pageTitle)).Append("</h1>\n");
        if (!string.IsNullOrWhiteSpace(introText))
            html.Append("<p>").Append(WebUtility.HtmlEncode(introText)).Append("</p>\n");
        for (int i = 0; i < charts.Count; i++)
            html.Append(ChartDiv(charts[i], $"chart{i}"));
        html.Append("</body></html>\n");
        File.WriteAllText(full, html.ToString(), new UTF8Encoding(false));
        return full;
    }

    /// <summary>A &lt;div&gt; and the script that draws <paramref name="chart"/> into it, assuming plotly.js is already on the page.</summary>
    public static string ChartDiv(GenericChart chart, string id)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var json = GenericChart.toJson(chart).Replace("</", "<\\/", StringComparison.Ordinal);
        return $"<div id=\"{id}\"></div>\n<script>(function(){{var fig={json};Plotly.newPlot('{id}',fig.data,fig.layout,Object.assign({{responsive:true}},fig.config||{{}}));}})();</script>\n";
    }

    /// <summary>The minified plotly.js that Plotly.NET ships inside its assembly (MIT licence), for pages that must work offline.</summary>
    public static string PlotlyJavaScript()
    {
        var asm = typeof(GenericChart).Assembly;
        using var stream = asm.GetManifestResourceStream(PlotlyResource)
            ?? throw new InvalidOperationException($"{asm.GetName().Name} has no resource {PlotlyResource}; the Plotly.NET version changed.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string FullPathCreatingFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }
}
