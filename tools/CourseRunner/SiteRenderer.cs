using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using BnnCourse.Plotting;
using Markdig;

namespace BnnCourse.CourseRunner;

/// <summary>
/// Renders executed notebooks to a static HTML site that works offline: markdown with equations typeset by a vendored
/// KaTeX, code, outputs, and the kernel's interactive Plotly charts drawn by one local copy of plotly.js (the kernel's
/// chart output otherwise loads require.js and plotly.js from public CDNs).
/// </summary>
public sealed partial class SiteRenderer
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private readonly string _site;

    /// <summary>A renderer writing into <paramref name="siteFolder"/>.</summary>
    public SiteRenderer(string siteFolder) => _site = Path.GetFullPath(siteFolder);

    /// <summary>Writes one page per notebook, index.html, and the assets; returns the path of index.html.</summary>
    public string Render(IReadOnlyList<SitePage> pages, string courseTitle = "BnnCourse")
    {
        ArgumentNullException.ThrowIfNull(pages);
        Directory.CreateDirectory(_site);
        WriteAssets();
        for (int i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            var path = Path.Combine(_site, HtmlName(page.Name));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, NotebookPage(page, i > 0 ? pages[i - 1] : null, i + 1 < pages.Count ? pages[i + 1] : null, courseTitle), Utf8);
        }
        var index = Path.Combine(_site, "index.html");
        File.WriteAllText(index, IndexPage(pages, courseTitle), Utf8);
        return index;
    }

    /// <summary>The page's file name inside the site: the notebook's relative path with .html for .ipynb.</summary>
    public static string HtmlName(string notebookName) => Path.ChangeExtension(notebookName.Replace('\\', '/'), ".html");

    private static readonly UTF8Encoding Utf8 = new(false);

    private void WriteAssets()
    {
        var assets = Path.Combine(_site, "assets");
        Directory.CreateDirectory(assets);
        File.WriteAllText(Path.Combine(assets, "plotly.min.js"), HtmlExport.PlotlyJavaScript(), Utf8);
        var katex = Path.Combine(AppContext.BaseDirectory, "assets", "katex");
        if (!Directory.Exists(katex))
            throw new DirectoryNotFoundException($"The vendored KaTeX is missing from {katex}.");
        foreach (var file in Directory.GetFiles(katex, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(assets, "katex", Path.GetRelativePath(katex, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static string Head(string title, string prefix) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Enc(title)}}</title>
        <link rel="stylesheet" href="{{prefix}}assets/katex/katex.min.css">
        <style>
        body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:0 auto;padding:1em 1.5em;color:#1d1d1f;line-height:1.5}
        nav{display:flex;justify-content:space-between;gap:1em;padding:.5em 0;border-bottom:1px solid #ddd;margin-bottom:1em}
        pre{background:#f6f8fa;padding:.7em 1em;overflow-x:auto;border-radius:4px;font-size:.88em;line-height:1.35}
        .cell{margin:1.2em 0}.code pre.src{border-left:3px solid #3178c6}
        .label{font-size:.75em;color:#777;font-family:monospace}
        .output{margin:.3em 0 .3em 1.2em;overflow-x:auto}.output pre{background:#fff;border:1px solid #eee}
        .error pre{background:#fff0f0;border:1px solid #f3b6b6;color:#8b0000}
        .failed{color:#b00020;font-weight:600}.passed{color:#137333;font-weight:600}
        table{border-collapse:collapse}td,th{padding:.35em .8em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
        </style>
        <script src="{{prefix}}assets/plotly.min.js"></script>
        <script>
        // The kernel's chart outputs load plotly.js through require.js from a CDN. This page works offline instead:
        // plotly.js is loaded above from the site's assets, and this stand-in for require.js hands it to each chart.
        var requirejs = function () {};
        requirejs.config = function () { return function (deps, callback) { callback(window.Plotly); }; };
        var require = requirejs;
        </script>
        <script defer src="{{prefix}}assets/katex/katex.min.js"></script>
        <script defer src="{{prefix}}assets/katex/contrib/auto-render.min.js"
          onload="document.querySelectorAll('.markdown').forEach(function (e) { renderMathInElement(e, {delimiters: [{left: '\\[', right: '\\]', display: true}, {left: '\\(', right: '\\)', display: false}, {left: '$$', right: '$$', display: true}], throwOnError: false}); })"></script>
        </head><body>
        """;

    private static string NotebookPage(SitePage page, SitePage? previous, SitePage? next, string courseTitle)
    {
        string prefix = string.Concat(Enumerable.Repeat("../", HtmlName(page.Name).Count(c => c == '/')));
        var html = new StringBuilder(Head($"{Title(page)} · {courseTitle}", prefix));
        html.Append(Nav(prefix, previous, next, page.Name));
        if (page.Result?.Failure is { } failure)
            html.Append("<p class=\"failed\">This notebook failed: ").Append(Enc(failure.ToString())).Append("</p>\n");
        else if (page.Result is { } ok)
            html.Append($"<p class=\"label\">Ran top to bottom in {ok.Elapsed.TotalSeconds:0.0} s.</p>\n");
        foreach (var cell in page.Document.Cells)
            html.Append(RenderCell(cell));
        html.Append(Nav(prefix, previous, next, page.Name)).Append("</body></html>\n");
        return html.ToString();
    }

    private static string Nav(string prefix, SitePage? previous, SitePage? next, string current) =>
        $"<nav><span>{(previous is null ? "" : $"<a href=\"{prefix}{HtmlName(previous.Name)}\">← {Enc(Title(previous))}</a>")}</span>" +
        $"<a href=\"{prefix}index.html\">Contents</a>" +
        $"<span>{(next is null ? "" : $"<a href=\"{prefix}{HtmlName(next.Name)}\">{Enc(Title(next))} →</a>")}</span></nav>\n";

    private static string IndexPage(IReadOnlyList<SitePage> pages, string courseTitle)
    {
        var html = new StringBuilder(Head(courseTitle, ""));
        html.Append("<h1>").Append(Enc(courseTitle)).Append("</h1>\n");
        int failed = pages.Count(p => p.Result?.Passed == false);
        html.Append($"<p>{pages.Count} notebooks, {(failed == 0 ? "all ran top to bottom" : $"<span class=\"failed\">{failed} failed</span>")}. " +
                    $"Rendered {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; works offline.</p>\n");
        html.Append("<table><tr><th>Notebook</th><th>Title</th><th>Status</th><th>Time</th></tr>\n");
        foreach (var page in pages)
        {
            var status = page.Result switch
            {
                null => "not run",
                { Failure: null } => "<span class=\"passed\">passed</span>",
                { Failure: var f } => $"<span class=\"failed\">failed</span> {Enc(f!.Cell is int n ? $"in cell {n}" : "")}",
            };
            html.Append($"<tr><td><a href=\"{HtmlName(page.Name)}\">{Enc(page.Name)}</a></td><td>{Enc(Title(page))}</td><td>{status}</td>" +
                        $"<td>{(page.Result is null ? "" : $"{page.Result.Elapsed.TotalSeconds:0.0} s")}</td></tr>\n");
        }
        html.Append("</table>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>The notebook's first markdown heading, or its file name.</summary>
    public static string Title(SitePage page)
    {
        foreach (var cell in page.Document.Cells.Where(c => c.Kind == "markdown"))
            foreach (var line in cell.Source.Split('\n'))
                if (line.TrimStart().StartsWith('#'))
                    return line.Trim().TrimStart('#').Trim();
        return Path.GetFileNameWithoutExtension(page.Name);
    }

    private static string RenderCell(Cell cell)
    {
        if (cell.Kind == "markdown")
            return $"<div class=\"cell markdown\" id=\"cell-{cell.Number}\">{MarkdownHtml(cell.Source)}</div>\n";
        if (!cell.IsCode)
            return $"<div class=\"cell\" id=\"cell-{cell.Number}\"><pre>{Enc(cell.Source)}</pre></div>\n";
        var html = new StringBuilder($"<div class=\"cell code\" id=\"cell-{cell.Number}\"><div class=\"label\">cell {cell.Number}</div><pre class=\"src\"><code>{Enc(cell.Source)}</code></pre>\n");
        foreach (var output in VisibleOutputs(cell.Outputs))
            html.Append(RenderOutput(output));
        return html.Append("</div>\n").ToString();
    }

    /// <summary>A markdown cell's HTML: display math fenced for Markdig (KaTeX typesets it in the browser), notebook links to pages.</summary>
    internal static string MarkdownHtml(string markdown) => LinksToPages(MarkdownWithMath(DisplayMathOnOwnLines(markdown)));

    /// <summary>
    /// Markdig with inline maths kept out of its hands: each <c>$…$</c> span outside code and display maths is swapped
    /// for a placeholder before Markdig runs and put back, HTML-encoded, as <c>\( … \)</c> for KaTeX afterwards.
    /// Markdig's own inline maths refuses a span that runs over a line break or is followed by a letter (<c>$\sigma$s</c>),
    /// and then reads its <c>\{</c>, <c>_</c> and <c>*</c> as Markdown, which garbles the formula.
    /// </summary>
    internal static string MarkdownWithMath(string markdown)
    {
        var spans = new List<string>();
        var html = Markdig.Markdown.ToHtml(ProtectInlineMath(markdown, spans), Markdown);
        return MathPlaceholder().Replace(html, m => $"<span class=\"math\">\\({Enc(spans[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)])}\\)</span>");
    }

    [GeneratedRegex("BNNMATHSPAN(\\d+)X")]
    private static partial Regex MathPlaceholder();

    // A $ that is not escaped, doubled or followed by a space, up to the next $ that is not escaped, doubled or preceded
    // by a space, within one paragraph (no blank line): "costs $5 and $6" keeps its dollars only if a space follows.
    [GeneratedRegex("(?<![\\\\$])\\$(?=[^\\s$])((?:[^$\\n\\\\]|\\\\.|\\n(?![ \\t]*\\n))+?)(?<=[^\\s\\\\])\\$(?!\\$)")]
    private static partial Regex InlineMath();

    [GeneratedRegex("(`+)[\\s\\S]*?(?<!`)\\1(?!`)")]
    private static partial Regex CodeSpan();

    /// <summary>Replaces inline maths outside fenced code, display maths (<c>$$</c> fences on their own lines) and code spans by placeholders.</summary>
    internal static string ProtectInlineMath(string markdown, List<string> spans)
    {
        var lines = markdown.Split('\n');
        var result = new StringBuilder();
        var prose = new StringBuilder();
        void Flush()
        {
            var text = prose.ToString();
            int at = 0;
            foreach (Match code in CodeSpan().Matches(text))
            {
                result.Append(ProtectIn(text[at..code.Index], spans)).Append(code.Value);
                at = code.Index + code.Length;
            }
            result.Append(ProtectIn(text[at..], spans));
            prose.Clear();
        }
        string? codeFence = null;
        bool display = false;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            var tail = i < lines.Length - 1 ? "\n" : "";
            bool verbatim = codeFence is not null || display || IsCodeFence(trimmed) || trimmed == "$$";
            if (codeFence is not null && trimmed.StartsWith(codeFence, StringComparison.Ordinal)) codeFence = null;
            else if (codeFence is null && !display && IsCodeFence(trimmed)) codeFence = trimmed[..3];
            else if (codeFence is null && trimmed == "$$") display = !display;
            if (verbatim)
            {
                Flush();
                result.Append(line).Append(tail);
            }
            else
                prose.Append(line).Append(tail);
        }
        Flush();
        return result.ToString();
    }

    private static string ProtectIn(string text, List<string> spans) =>
        InlineMath().Replace(text, m =>
        {
            spans.Add(m.Groups[1].Value);
            return $"BNNMATHSPAN{spans.Count - 1}X";
        });

    /// <summary>
    /// Drops the package-installation progress frames, and collapses a live chart's successive redraws (consecutive chart
    /// outputs with the same title, as dotnet-repl records every display update as a new output) into the last one.
    /// </summary>
    internal static IEnumerable<CellOutput> VisibleOutputs(IReadOnlyList<CellOutput> outputs)
    {
        var kept = new List<CellOutput>();
        foreach (var o in outputs)
        {
            var html = o.Data.GetValueOrDefault("text/html");
            if (IsSetupNoise(o))
                continue;
            if (kept.Count > 0 && ChartTitle(o) is { } title && ChartTitle(kept[^1]) == title)
                kept[^1] = o;
            else
                kept.Add(o);
        }
        return kept;
    }

    /// <summary>
    /// What the setup cell's <c>#r "nuget:"</c> lines print, which says nothing about the course and names local paths:
    /// the package-installation progress and its "Installed Packages" list, and the kernel extension's
    /// "Loading extensions from `/home/…/.nuget/…`" line.
    /// </summary>
    internal static bool IsSetupNoise(CellOutput o)
    {
        var html = o.Data.GetValueOrDefault("text/html");
        if (html is not null && (html.Contains("<strong>Installing Packages</strong>", StringComparison.Ordinal)
                                 || html.Contains("<strong>Installed Packages</strong>", StringComparison.Ordinal)))
            return true;
        var text = o.Data.GetValueOrDefault("text/plain");
        return html is null && text is not null && text.TrimStart().StartsWith("Loading extensions from ", StringComparison.Ordinal);
    }

    /// <summary>The user's home directory written as ~, so no rendered page names the machine it was rendered on.</summary>
    internal static string WithoutHome(string text)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile).TrimEnd('/', '\\');
        return home.Length > 1 ? text.Replace(home + "/", "~/", StringComparison.Ordinal).Replace(home + "\\", "~\\", StringComparison.Ordinal) : text;
    }

    [GeneratedRegex("\"title\":\\{\"text\":\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex TitleText();

    private static string? ChartTitle(CellOutput o)
    {
        var html = o.Data.GetValueOrDefault("text/html");
        if (html is null || !html.Contains("renderPlotly_", StringComparison.Ordinal))
            return null;
        var m = TitleText().Match(html);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static string RenderOutput(CellOutput o) => WithoutHome(RenderOutputHtml(o));

    private static string RenderOutputHtml(CellOutput o)
    {
        if (o.Kind == "error")
            return $"<div class=\"output error\"><pre>{Enc(NotebookRunner.ErrorText(o))}</pre></div>\n";
        if (o.Data.TryGetValue("text/html", out var html))
            return $"<div class=\"output html\">{html}</div>\n";
        if (o.Data.TryGetValue("image/png", out var png))
            return $"<div class=\"output\"><img alt=\"output\" src=\"data:image/png;base64,{png.Trim()}\"></div>\n";
        if (o.Data.TryGetValue("image/svg+xml", out var svg))
            return $"<div class=\"output\">{svg}</div>\n";
        if (o.Data.TryGetValue("text/markdown", out var md))
            return $"<div class=\"output markdown\">{MarkdownWithMath(md)}</div>\n";
        if (o.Data.TryGetValue("text/plain", out var text))
            return $"<div class=\"output\"><pre>{Enc(text)}</pre></div>\n";
        return "";
    }

    /// <summary>
    /// Jupyter and VS Code show display math written as <c>$$ … $$</c> on one line, or spread over several lines with
    /// the <c>$$</c> glued to the first and last line (<c>$$\begin{aligned}</c> … <c>\end{aligned}$$</c>); Markdig only
    /// sees display math when each <c>$$</c> stands on a line of its own (otherwise it is inline math, where <c>\tag</c>
    /// is an error, or a paragraph whose <c>{aligned}</c> it reads as HTML attributes). This puts the fences on lines of
    /// their own. A display starts on a line that begins with <c>$$</c> and ends on the first line that ends with
    /// <c>$$</c>; lines inside fenced code blocks are left alone, and so is a line with <c>$$</c> in its middle (inline).
    /// </summary>
    internal static string DisplayMathOnOwnLines(string markdown)
    {
        var lines = markdown.Split('\n');
        var result = new List<string>(lines.Length);
        string? codeFence = null;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (codeFence is not null)
            {
                if (trimmed.StartsWith(codeFence, StringComparison.Ordinal))
                    codeFence = null;
                result.Add(line);
                continue;
            }
            if (IsCodeFence(trimmed))
            {
                codeFence = trimmed[..3];
                result.Add(line);
                continue;
            }
            if (!trimmed.StartsWith("$$", StringComparison.Ordinal) || DisplayMathEnd(lines, i) is not int end)
            {
                result.Add(line);
                continue;
            }
            var indent = line[..(line.Length - line.TrimStart().Length)];
            var content = new List<string> { indent + trimmed[2..] };
            content.AddRange(lines[(i + 1)..(end + 1)]);
            content[^1] = content[^1].TrimEnd()[..^2];
            result.Add(indent + "$$");
            result.AddRange(content.Where((c, k) => (k > 0 && k < content.Count - 1) || c.Trim().Length > 0));
            result.Add(indent + "$$");
            i = end;
        }
        return string.Join('\n', result);
    }

    /// <summary>
    /// The index of the line that closes the display math opened by the <c>$$</c> at the start of line
    /// <paramref name="start"/>, or null when that <c>$$</c> is not a display opener.
    /// </summary>
    private static int? DisplayMathEnd(string[] lines, int start)
    {
        var rest = lines[start].Trim()[2..];
        int inner = rest.IndexOf("$$", StringComparison.Ordinal);
        if (inner >= 0)
            return inner > 0 && inner == rest.Length - 2 ? start : null;  // "$$x$$" alone on its line; otherwise inline
        for (int j = start + 1; j < lines.Length; j++)
        {
            var t = lines[j].Trim();
            if (IsCodeFence(t))
                return null;
            int at = t.IndexOf("$$", StringComparison.Ordinal);
            if (at >= 0)
                return at == t.Length - 2 ? j : null;
        }
        return null;
    }

    private static bool IsCodeFence(string trimmedLine) =>
        trimmedLine.StartsWith("```", StringComparison.Ordinal) || trimmedLine.StartsWith("~~~", StringComparison.Ordinal);

    [GeneratedRegex("href=\"([^\":#]+)\\.ipynb(#[^\"]*)?\"")]
    private static partial Regex NotebookLink();

    /// <summary>Links between notebooks (<c>[next](02-x.ipynb)</c>) point at the rendered pages.</summary>
    private static string LinksToPages(string html) => NotebookLink().Replace(html, m => $"href=\"{m.Groups[1].Value}.html{m.Groups[2].Value}\"");

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
