using System.Diagnostics;
using System.Text.Json;

namespace BnnCourse.Notebooks.Tests;

/// <summary>
/// Opens a page in headless Chromium (Debian's package, installed with apt-get when missing) and reports what a learner
/// would see go wrong: a KaTeX error, raw <c>$…$</c> left in the text, a chart (a <c>Plotly.newPlot</c> call) that
/// did not draw its svg, a chart title whose box leaves its figure. The checks run in the page itself: a copy of the
/// page with one script appended is loaded, and the script writes its findings into the DOM that
/// <c>--dump-dom</c> prints.
/// </summary>
internal static class Browser
{
    private static readonly Lazy<string> Executable = new(FindOrInstall);

    /// <summary>The findings script: one string per problem, written as JSON into &lt;pre id="browser-check"&gt;.</summary>
    private const string CheckScript = """
        <script>
        window.addEventListener('load', () => setTimeout(() => {
          const problems = [];
          document.querySelectorAll('.katex-error').forEach(e =>
            problems.push('KaTeX error: ' + (e.getAttribute('title') || e.textContent).slice(0, 120)));
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node; (node = walker.nextNode());) {
            if (node.parentElement.closest('code, pre, script, style, .katex, textarea')) continue;
            const raw = node.textContent.match(/\$[^$\s][^$]*\$|\\\(|\\\[/);
            if (raw) problems.push('raw maths in the text: "' + node.textContent.trim().slice(0, 120) + '"');
          }
          const targets = new Set();
          document.querySelectorAll('script').forEach(s => {
            for (const m of s.textContent.matchAll(/Plotly\.newPlot\(\s*['"]([^'"]+)['"]/g)) targets.add(m[1]);
          });
          let charts = 0;
          for (const id of targets) {
            const div = document.getElementById(id);
            if (!div || !div.querySelector('.main-svg')) { problems.push('chart ' + id + ' did not draw (no .main-svg)'); continue; }
            charts++;
            const figure = div.querySelector('.main-svg').getBoundingClientRect();
            div.querySelectorAll('.gtitle').forEach(t => {
              const b = t.getBoundingClientRect();
              if (b.left < figure.left - 1 || b.right > figure.right + 1 || b.top < figure.top - 1 || b.bottom > figure.bottom + 1)
                problems.push('chart title "' + t.textContent.slice(0, 80) + '" (' + Math.round(b.left) + '..' + Math.round(b.right) +
                  ' px) leaves its figure (' + Math.round(figure.left) + '..' + Math.round(figure.right) + ' px)');
            });
          }
          const out = document.createElement('pre');
          out.id = 'browser-check';
          out.textContent = JSON.stringify({ charts, problems, height: document.documentElement.scrollHeight });
          document.body.appendChild(out);
        }, 1500));
        </script>
        """;

    /// <summary>What the page showed: how many charts drew, the problems found, and the page's height in CSS pixels.</summary>
    public sealed record Findings(int Charts, string[] Problems, int Height);

    /// <summary>Loads <paramref name="page"/> (with its relative assets) in headless Chromium and returns the findings.</summary>
    public static async Task<Findings> CheckAsync(string page)
    {
        var html = await File.ReadAllTextAsync(page);
        var index = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        var probe = Path.Combine(Path.GetDirectoryName(page)!, "." + Path.GetFileNameWithoutExtension(page) + ".browser-check.html");
        await File.WriteAllTextAsync(probe, index < 0 ? html + CheckScript : html.Insert(index, CheckScript));
        try
        {
            var dom = await RunAsync("--dump-dom", "--virtual-time-budget=20000", "--window-size=1280,900", new Uri(probe).AbsoluteUri);
            var start = dom.IndexOf("<pre id=\"browser-check\">", StringComparison.Ordinal);
            Assert.True(start >= 0, $"the check script did not finish on {page} (no #browser-check in the DOM):\n{dom[..Math.Min(dom.Length, 2000)]}");
            start += "<pre id=\"browser-check\">".Length;
            var json = System.Net.WebUtility.HtmlDecode(dom[start..dom.IndexOf("</pre>", start, StringComparison.Ordinal)]);
            using var doc = JsonDocument.Parse(json);
            return new Findings(doc.RootElement.GetProperty("charts").GetInt32(),
                doc.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToArray(),
                doc.RootElement.GetProperty("height").GetInt32());
        }
        finally
        {
            File.Delete(probe);
        }
    }

    /// <summary>The tallest screenshot taken, in CSS pixels: Chromium draws nothing past about 16,384 device pixels.</summary>
    public const int MaxScreenshotHeight = 16000;

    /// <summary>
    /// Writes a screenshot of the whole of <paramref name="page"/> (its measured height, up to <see cref="MaxScreenshotHeight"/>
    /// CSS pixels, not only the top) to <paramref name="png"/> and returns the page's height.
    /// </summary>
    public static async Task<int> ScreenshotAsync(string page, string png, int width = 1280)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(png)!);
        File.Delete(png);
        int height = (await CheckAsync(page)).Height;
        await RunAsync($"--screenshot={png}", "--virtual-time-budget=20000", $"--window-size={width},{Math.Clamp(height, 600, MaxScreenshotHeight)}",
            "--hide-scrollbars", new Uri(page).AbsoluteUri);
        Assert.True(File.Exists(png), $"chromium wrote no screenshot {png}");
        return height;
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("bnncourse-chromium-");
        try
        {
            string[] flags =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--allow-file-access-from-files", $"--user-data-dir={profile.FullName}",
            ];
            var run = await ChildProcess.RunAsync(Environment.CurrentDirectory, TimeSpan.FromMinutes(2), Executable.Value, [.. flags, .. args]);
            Assert.True(run.ExitCode == 0, $"chromium {string.Join(' ', args)}: {run}");
            return run.Stdout;
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>chromium on the PATH, else installed with apt-get; fails (never skips) saying what to install when neither works.</summary>
    private static string FindOrInstall()
    {
        string? Find() => new[] { "chromium", "chromium-browser" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
        if (Find() is { } found)
            return found;
        string log = "";
        try
        {
            foreach (var args in new[] { "update", "install -y --no-install-recommends chromium" })
            {
                using var apt = Process.Start(new ProcessStartInfo("apt-get", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
                var stderr = apt.StandardError.ReadToEndAsync();
                log += apt.StandardOutput.ReadToEnd();
                apt.WaitForExit();
                log += stderr.Result;
                if (apt.ExitCode != 0)
                    break;
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log += e.Message;
        }
        return Find() ?? throw new InvalidOperationException(
            "The browser tests need headless Chromium and could not install it (`apt-get install -y chromium` failed; " +
            "install Debian's `chromium` package, or put chromium on the PATH). apt-get said:\n" + log[^Math.Min(log.Length, 2000)..]);
    }
}
