using BnnCourse.CourseRunner;
using BnnCourse.Plotting;

namespace BnnCourse.Notebooks.Tests;

/// <summary>
/// The rendered course site, opened in headless Chromium as a learner opens it: no KaTeX error or raw <c>$…$</c> on
/// any page, every chart drew, every chart title inside its figure. Whole-page screenshots of two site pages go to
/// artifacts/screenshots/ for a human to look at (DemoTests writes the demo pages' checks and screenshots).
/// The notebooks are run once for NotebookTests and this test together (ExecutedNotebooks).
/// </summary>
[Collection(CourseCollection.Name)]
public sealed class BrowserTests(CourseFixture course)
{
    [Fact]
    public async Task Every_site_page_shows_its_maths_and_charts_with_titles_inside_their_figures()
    {
        var pages = new List<SitePage>();
        foreach (var path in Course.Notebooks(course.Repo.Notebooks))
        {
            var name = Path.GetRelativePath(course.Repo.Notebooks, path).Replace('\\', '/');
            var result = await ExecutedNotebooks.RunAsync(course.Repo, name);
            Assert.True(File.Exists(result.ExecutedPath), $"{name} wrote no executed notebook: {result.Failure}");
            pages.Add(new SitePage(name, NotebookDocument.Load(result.ExecutedPath), result));
        }
        var site = Path.Combine(course.Scratch("site"), "site");
        var index = new SiteRenderer(site).Render(pages);

        var problems = new List<string>();
        int charts = 0;
        var files = Directory.GetFiles(site, "*.html", SearchOption.AllDirectories).Order().ToArray();
        Assert.Contains(index, files);
        foreach (var file in files)
        {
            var findings = await Browser.CheckAsync(file);
            charts += findings.Charts;
            problems.AddRange(findings.Problems.Select(p => $"{Path.GetRelativePath(site, file)}: {p}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(charts >= 40, $"only {charts} charts drew on {files.Length} pages");

        foreach (var page in new[] { "06-bayes-by-backprop-regression.html", "08-classification-on-mnist.html" })
            await Browser.ScreenshotAsync(Path.Combine(site, page), Path.Combine(course.Repo.Artifacts, "screenshots", Path.ChangeExtension(page, ".png")));
    }

    /// <summary>A page with one chart of the given title in a figure of the given width (plotly.js inlined).</summary>
    private static string ChartPage(string dir, string name, string title, int width, string body = "")
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, $$"""
            <!DOCTYPE html><html><head><meta charset="utf-8"><script>{{HtmlExport.PlotlyJavaScript()}}</script></head>
            <body>{{body}}<div id="c1" style="width:{{width}}px;height:300px"></div>
            <script>Plotly.newPlot('c1', [{x: [1, 2, 3], y: [1, 4, 9]}], {title: {text: '{{title}}'}, width: {{width}}, height: 300});</script>
            </body></html>
            """);
        return path;
    }

    [Fact]
    public async Task A_screenshot_shows_the_whole_page_not_only_its_top()
    {
        var dir = course.Scratch("browser-screenshot");
        var page = ChartPage(dir, "tall.html", "A chart at the bottom of a tall page", 500, "<div style=\"height:3000px\">a tall first part</div>");
        var png = Path.Combine(dir, "tall.png");

        int height = await Browser.ScreenshotAsync(page, png);

        Assert.InRange(height, 3300, 3500); // 3000 px of text, the 300 px chart, the body's margins
        var header = File.ReadAllBytes(png)[16..24]; // PNG IHDR: width, height (big-endian)
        Assert.Equal(1280, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header));
        Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
    }

    [Fact]
    public async Task The_checker_passes_a_clean_page_and_reports_a_clipped_title_raw_maths_a_KaTeX_error_and_an_undrawn_chart()
    {
        var dir = course.Scratch("browser-checker");

        var clean = await Browser.CheckAsync(ChartPage(dir, "clean.html", "A short title", 500, "<p>Costs $5, and <code>$x$</code> is code.</p>"));
        Assert.Equal(1, clean.Charts);
        Assert.Empty(clean.Problems);

        var broken = await Browser.CheckAsync(ChartPage(dir, "broken.html",
            "A title far too long to fit in a figure that is only three hundred pixels wide, so plotly clips it", 300,
            "<p>the $\\sigma$s stay raw</p><span class=\"katex-error\" title=\"ParseError: Undefined control sequence\">\\foo</span>" +
            "<script>Plotly.newPlot('missing', [], {});</script>"));
        Assert.Equal(1, broken.Charts);
        Assert.Contains(broken.Problems, p => p.StartsWith("chart title \"A title far too long") && p.Contains("leaves its figure"));
        Assert.Contains(broken.Problems, p => p.StartsWith("raw maths in the text: \"the $\\sigma$s stay raw\""));
        Assert.Contains(broken.Problems, p => p == "KaTeX error: ParseError: Undefined control sequence");
        Assert.Contains(broken.Problems, p => p == "chart missing did not draw (no .main-svg)");
        Assert.Equal(4, broken.Problems.Length);
    }
}
