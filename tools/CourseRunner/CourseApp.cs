using System.Diagnostics;
using System.Globalization;

namespace BnnCourse.CourseRunner;

/// <summary>
/// The course's main job: restore the pinned notebook tools, build the library, run every notebook out of process in
/// order (several at once, --jobs), and write the executed notebooks and an offline HTML rendering of the course under artifacts/course/.
/// Exit code 0 when every notebook ran top to bottom, 1 when one failed (each failure names the notebook, the cell
/// number, the cell's first line and the error), 2 for bad arguments or when the tools or the library cannot be built.
/// </summary>
public static class CourseApp
{
    /// <summary>Usage text.</summary>
    public const string Usage = """
        Usage: dotnet run --project tools/CourseRunner [-- options]
          --notebooks DIR   notebook folder (default: notebooks/ of the repository)
          --output DIR      where executed notebooks, logs and the HTML site go (default: artifacts/course)
          --timeout SEC     per-notebook time limit; the kernel's process group is killed after it (default: 900)
          --only TEXT       run only notebooks whose name contains TEXT
          --no-build        skip `dotnet tool restore` and the library build (they are done already)
          --fail-fast       stop at the first failing notebook
          --jobs N          notebooks run at once, each on its own kernel (default: the core count, at most 4);
                            --jobs 1 runs them one after another, as the per-notebook run times in notebooks/README.md
        """;

    /// <summary>Runs the course with command-line <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default)
    {
        Options options;
        try { options = Options.Parse(args); }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync($"{e.Message}\n{Usage}");
            return 2;
        }
        if (options.Help)
        {
            await stdout.WriteLineAsync(Usage);
            return 0;
        }

        Repository repo;
        try
        {
            repo = Repository.Find(options.NotebookFolder is null ? null : Path.GetFullPath(options.NotebookFolder));
        }
        catch (InvalidOperationException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return 2;
        }

        // The selection first: a filter that matches nothing should say so at once, not after restoring and building.
        var folder = Path.GetFullPath(options.NotebookFolder ?? repo.Notebooks);
        var all = Course.Notebooks(folder).ToArray();
        var notebooks = all
            .Where(p => options.Only is null || Path.GetRelativePath(folder, p).Contains(options.Only, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        if (notebooks.Length == 0)
        {
            await stderr.WriteLineAsync($"No numbered notebook in {folder}{(options.Only is null ? "" : $" matching '{options.Only}'")}.");
            if (all.Length > 0)
                await stderr.WriteLineAsync("The notebooks are:\n" + string.Join("\n", all.Select(p => "  " + Path.GetRelativePath(folder, p).Replace('\\', '/'))));
            return 2;
        }

        try
        {
            if (!options.NoBuild)
            {
                var setup = Stopwatch.StartNew();
                await stdout.WriteLineAsync("Restoring the pinned notebook tools (dotnet tool restore) …");
                Prerequisites.RestoreTools(repo);
                await stdout.WriteLineAsync($"Building the library ({Prerequisites.Configuration}) for the notebooks' preamble …");
                Prerequisites.BuildLibrary(repo);
                await stdout.WriteLineAsync($"Ready in {setup.Elapsed.TotalSeconds:0.0} s.");
            }
        }
        catch (InvalidOperationException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return 2;
        }

        var output = Path.GetFullPath(options.OutputFolder ?? Path.Combine(repo.Artifacts, "course"));

        var runner = new NotebookRunner(options.Timeout);
        // Kernel start-up and compilation are mostly single-threaded, so two kernels at once keep two cores busy.
        // Results are kept in course order whatever order the notebooks finish in.
        var results = new (SitePage Page, NotebookFailure? Failure)?[notebooks.Length];
        var writer = options.Jobs == 1 ? stdout : TextWriter.Synchronized(stdout);
        bool interactive = options.Jobs == 1 && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var total = Stopwatch.StartNew();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, notebooks.Length),
                new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = stop.Token }, async (i, token) =>
                {
                    var path = notebooks[i];
                    var name = Path.GetRelativePath(folder, path).Replace('\\', '/');
                    var display = Path.GetRelativePath(repo.Root, path).Replace('\\', '/');
                    var printer = new ProgressPrinter(writer, $"[{i + 1}/{notebooks.Length}]", interactive);
                    var result = await runner.RunAsync(path, display, Path.Combine(output, "executed", name), Path.Combine(output, "logs", Path.ChangeExtension(name, null)), printer, token);
                    printer.Finish(result);
                    var executed = File.Exists(result.ExecutedPath) ? NotebookDocument.Load(result.ExecutedPath) : NotebookDocument.Load(path);
                    results[i] = (new SitePage(name, executed, result), result.Failure);
                    if (result.Failure is not null && options.FailFast)
                        stop.Cancel();
                });
        }
        catch (OperationCanceledException) when (options.FailFast && !cancellation.IsCancellationRequested)
        {
            // --fail-fast: the notebooks still running when one failed were stopped; the site shows those that finished.
        }
        var pages = results.Where(r => r is not null).Select(r => r!.Value.Page).ToList();
        var failures = results.Where(r => r?.Failure is not null).Select(r => r!.Value.Failure!).ToList();

        var index = new SiteRenderer(Path.Combine(output, "site")).Render(pages);
        await stdout.WriteLineAsync($"\nExecuted notebooks: {Path.Combine(output, "executed")}");
        await stdout.WriteLineAsync($"Course site (works offline): {index}");
        await stdout.WriteLineAsync($"{pages.Count - failures.Count} of {pages.Count} notebooks ran top to bottom in {total.Elapsed.TotalSeconds:0.0} s.");
        if (failures.Count == 0)
            return 0;
        await stderr.WriteLineAsync($"\n{failures.Count} notebook(s) failed:");
        foreach (var f in failures)
            await stderr.WriteLineAsync("FAILED " + f);
        return 1;
    }

    /// <summary>Parsed command line.</summary>
    internal sealed record Options(string? NotebookFolder, string? OutputFolder, TimeSpan Timeout, string? Only, bool NoBuild, bool FailFast, bool Help, int Jobs)
    {
        public static Options Parse(string[] args)
        {
            string? notebooks = null, output = null, only = null;
            var timeout = TimeSpan.FromSeconds(900);
            bool noBuild = false, failFast = false, help = false;
            int jobs = Math.Clamp(Environment.ProcessorCount, 1, 4);
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--notebooks": notebooks = Value(); break;
                    case "--output": output = Value(); break;
                    case "--only": only = Value(); break;
                    case "--timeout":
                        var v = Value();
                        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || !(s > 0))
                            throw new ArgumentException($"--timeout must be a number of seconds > 0, not '{v}'.");
                        timeout = TimeSpan.FromSeconds(s);
                        break;
                    case "--jobs":
                        var j = Value();
                        if (!int.TryParse(j, NumberStyles.Integer, CultureInfo.InvariantCulture, out jobs) || jobs < 1)
                            throw new ArgumentException($"--jobs must be a whole number of notebooks >= 1, not '{j}'.");
                        break;
                    case "--no-build": noBuild = true; break;
                    case "--fail-fast": failFast = true; break;
                    case "-h" or "--help": help = true; break;
                    default: throw new ArgumentException($"Unknown option '{args[i]}'.");
                }
            }
            return new Options(notebooks, output, timeout, only, noBuild, failFast, help, jobs);
        }
    }

    /// <summary>
    /// Shows which notebook and cell is running and for how long: on a terminal one line rewritten in place, otherwise
    /// a line each time a new cell starts (CI logs).
    /// </summary>
    private sealed class ProgressPrinter(TextWriter writer, string counter, bool interactive) : IProgress<RunProgress>
    {
        private int _lastCell = -1;
        private int _width;

        public void Report(RunProgress p)
        {
            var cell = p.Cell == 0 ? "starting kernel" : $"cell {p.Cell}/{p.CellCount}";
            var line = $"{counter} {p.Notebook}  {cell}  {p.Elapsed:mm\\:ss}  {Shorten(p.FirstLine, 60)}";
            if (interactive)
            {
                writer.Write("\r" + line.PadRight(_width));
                _width = line.Length;
            }
            else if (p.Cell != _lastCell)
            {
                writer.WriteLine(line);
            }
            _lastCell = p.Cell;
        }

        public void Finish(NotebookResult r)
        {
            if (interactive)
                writer.Write("\r" + new string(' ', _width) + "\r");
            writer.WriteLine(r.Passed
                ? $"{counter} ok     {r.Notebook}  {r.Elapsed.TotalSeconds:0.0} s"
                : $"{counter} FAILED {r.Notebook}  {r.Elapsed.TotalSeconds:0.0} s\n    {r.Failure}");
        }

        private static string Shorten(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
    }
}
