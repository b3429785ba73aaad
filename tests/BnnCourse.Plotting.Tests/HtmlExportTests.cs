namespace BnnCourse.Plotting.Tests;

public sealed class HtmlExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bnn-html-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Plotly.NET.GenericChart Sample(string title) =>
        Charts.FreeEnergyParts(title, new[] { 1, 2 }, new[] { 3.0, 2.0 }, new[] { 30.0, 20.0 });

    [Fact]
    public void SavePage_inlines_plotly_js_once_and_draws_every_chart()
    {
        var path = HtmlExport.SavePage(Path.Combine(_dir, "page.html"), "Demo", [Sample("First claim"), Sample("Second claim")], "Intro <text>");
        var html = File.ReadAllText(path);
        var plotly = HtmlExport.PlotlyJavaScript();

        Assert.True(plotly.Length > 1_000_000);
        Assert.Equal(1, Count(html, plotly[..200]));
        Assert.Equal(2, Count(html, "Plotly.newPlot('chart"));
        Assert.Contains("First claim", html);
        Assert.Contains("Second claim", html);
        Assert.Contains("Intro &lt;text&gt;", html);
        Assert.DoesNotMatch("<script[^>]*src=", html);
    }

    [Fact]
    public void ChartDiv_escapes_a_closing_script_tag_in_chart_text()
    {
        var div = HtmlExport.ChartDiv(Sample("Tricky </script> title"), "c");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(div, "</script>"));
    }

    private static int Count(string s, string part)
    {
        int n = 0;
        for (int i = s.IndexOf(part, StringComparison.Ordinal); i >= 0; i = s.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            n++;
        return n;
    }
}
