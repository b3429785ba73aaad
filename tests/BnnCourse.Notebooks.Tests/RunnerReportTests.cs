using System.Text.Json.Nodes;
using BnnCourse.CourseRunner;

namespace BnnCourse.Notebooks.Tests;

/// <summary>
/// The course runner on a small course made for the test: one notebook that passes, one that throws, one that does not
/// compile, plus a preamble-like and an unnumbered notebook that must not run. The runner is called in process with the
/// command-line arguments a user would give it.
/// </summary>
[Collection(CourseCollection.Name)]
public sealed class RunnerReportTests(CourseFixture course)
{
    private sealed record Outcome(int ExitCode, string Stdout, string Stderr, string Notebooks, string Output);

    private static Task<Outcome>? _outcome;

    private Task<Outcome> RunOnce() => _outcome ??= RunTestCourse(course);

    internal static void WriteNotebook(string path, params (string Kind, string Source)[] cells)
    {
        var array = new JsonArray();
        foreach (var (kind, source) in cells)
        {
            var cell = new JsonObject { ["cell_type"] = kind, ["metadata"] = new JsonObject(), ["source"] = source };
            if (kind == "code")
            {
                cell["execution_count"] = null;
                cell["outputs"] = new JsonArray();
                cell["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } };
            }
            array.Add(cell);
        }
        var notebook = new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        File.WriteAllText(path, notebook.ToJsonString());
    }

    private static async Task<Outcome> RunTestCourse(CourseFixture course)
    {
        var root = course.Scratch("runner-report");
        var notebooks = Path.Combine(root, "notebooks");
        Directory.CreateDirectory(notebooks);
        WriteNotebook(Path.Combine(notebooks, "01-passes.ipynb"),
            ("markdown", "# Passing notebook\n\nInline $\\sigma = \\log(1 + e^\\rho)$ and display:\n\n$$\\mathbb{E}[x^2] = 1 \\tag{1}$$\n\nNext: [the failing one](02-fails-at-runtime.ipynb)."),
            ("code", "Console.WriteLine(6 * 7);"));
        WriteNotebook(Path.Combine(notebooks, "02-fails-at-runtime.ipynb"),
            ("markdown", "# Failing notebook"),
            ("code", "var answer = 42;"),
            ("code", "// the deliberate failure\nthrow new InvalidOperationException(\"deliberate failure \" + answer);"),
            ("code", "Console.WriteLine(\"later cells still run\");"));
        WriteNotebook(Path.Combine(notebooks, "03-does-not-compile.ipynb"),
            ("code", "int x = \"not a number\";"));
        WriteNotebook(Path.Combine(notebooks, "_preamble.ipynb"), ("code", "throw new Exception(\"a preamble must not run alone\");"));
        WriteNotebook(Path.Combine(notebooks, "scratch-notes.ipynb"), ("code", "throw new Exception(\"unnumbered notebooks are not part of the course\");"));

        var output = Path.Combine(root, "out");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await CourseApp.RunAsync(["--notebooks", notebooks, "--output", output, "--no-build", "--timeout", "300"], stdout, stderr);
        return new Outcome(exit, stdout.ToString(), stderr.ToString(), notebooks, output);
    }

    private string Name(Outcome o, string notebook) => Path.GetRelativePath(course.Repo.Root, Path.Combine(o.Notebooks, notebook)).Replace('\\', '/');

    [Fact]
    public async Task A_failing_course_exits_non_zero()
    {
        var o = await RunOnce();
        Assert.True(o.ExitCode == 1, $"exit code {o.ExitCode}\n{o.Stdout}\n{o.Stderr}");
    }

    [Fact]
    public async Task A_runtime_error_is_reported_with_notebook_cell_number_first_line_and_error()
    {
        var o = await RunOnce();
        Assert.Contains($"FAILED {Name(o, "02-fails-at-runtime.ipynb")}: cell 3 failed (first line: // the deliberate failure)", o.Stderr);
        Assert.Contains("System.InvalidOperationException: deliberate failure 42", o.Stderr);
        Assert.DoesNotContain("at Submission#", o.Stderr); // the stack trace is left out
    }

    [Fact]
    public async Task A_compile_error_is_reported_with_its_cell_and_compiler_message()
    {
        var o = await RunOnce();
        Assert.Contains($"FAILED {Name(o, "03-does-not-compile.ipynb")}: cell 1 failed (first line: int x = \"not a number\";)", o.Stderr);
        Assert.Contains("CS0029", o.Stderr);
    }

    [Fact]
    public async Task Only_numbered_notebooks_run_in_order_with_progress_and_the_passing_one_passes()
    {
        var o = await RunOnce();
        Assert.Contains($"[1/3] ok     {Name(o, "01-passes.ipynb")}", o.Stdout);
        Assert.Contains("[2/3]", o.Stdout);
        Assert.Contains("starting kernel", o.Stdout);
        Assert.DoesNotContain("_preamble", o.Stdout + o.Stderr);
        Assert.DoesNotContain("scratch-notes", o.Stdout + o.Stderr);
        Assert.Contains("1 of 3 notebooks ran top to bottom", o.Stdout);
        var executed = NotebookDocument.Load(Path.Combine(o.Output, "executed", "01-passes.ipynb"));
        Assert.Equal("42\n", executed.Cells[1].Outputs.Single().Data["text/plain"]);
    }

    [Fact]
    public async Task The_site_renders_every_notebook_offline_with_typeset_math_and_links_between_pages()
    {
        var o = await RunOnce();
        var site = Path.Combine(o.Output, "site");
        var index = File.ReadAllText(Path.Combine(site, "index.html"));
        Assert.Contains("2 failed", index);
        foreach (var page in new[] { "01-passes.html", "02-fails-at-runtime.html", "03-does-not-compile.html" })
            Assert.Contains($"href=\"{page}\"", index);

        var passing = File.ReadAllText(Path.Combine(site, "01-passes.html"));
        Assert.Contains("<div class=\"math\">", passing);           // one-line $$…$$ is display math
        Assert.Contains("<span class=\"math\">", passing);          // $…$ is inline math
        Assert.Contains("href=\"02-fails-at-runtime.html\"", passing);
        Assert.DoesNotMatch("<script[^>]*src=\"(https?:)?//", passing);  // nothing from the network
        Assert.True(new FileInfo(Path.Combine(site, "assets", "plotly.min.js")).Length > 1_000_000);
        Assert.True(File.Exists(Path.Combine(site, "assets", "katex", "katex.min.js")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(site, "assets", "katex", "fonts"), "*.woff2"));

        var failing = File.ReadAllText(Path.Combine(site, "02-fails-at-runtime.html"));
        Assert.Contains("deliberate failure 42", failing);
        Assert.Contains("class=\"output error\"", failing);
    }

    [Fact]
    public async Task A_solution_notebook_imports_the_preamble_from_its_subfolder_and_sees_the_notebooks_folder_as_current()
    {
        // A copy of the course layout: notebooks/_setup.ipynb, notebooks/solutions/, and lib/ (a link to the built library).
        var root = course.Scratch("solutions");
        var notebooks = Path.Combine(root, "notebooks");
        Directory.CreateDirectory(Path.Combine(notebooks, "solutions"));
        File.Copy(Path.Combine(course.Repo.Notebooks, "_setup.ipynb"), Path.Combine(notebooks, "_setup.ipynb"));
        Directory.CreateSymbolicLink(Path.Combine(root, "lib"), Path.Combine(course.Repo.Root, "lib"));
        WriteNotebook(Path.Combine(notebooks, "solutions", "01-exercise.ipynb"),
            ("code", "#!import ../_setup.ipynb"),
            ("code", "Console.WriteLine(Environment.CurrentDirectory);\nConsole.WriteLine(new Matrix(2, 3).Data.Length);\nCharts.EstimatorDistribution(\"A chart from a solution\", new[] { 1.0, 2.0, 3.0 }, 2.0)"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = await CourseApp.RunAsync(["--notebooks", notebooks, "--output", Path.Combine(root, "out"), "--no-build"], stdout, stderr);

        Assert.True(exit == 0, $"exit code {exit}\n{stdout}\n{stderr}");
        var executed = NotebookDocument.Load(Path.Combine(root, "out", "executed", "solutions", "01-exercise.ipynb"));
        var printed = executed.Cells[1].Outputs.Where(o => o.Kind == "stream").Select(o => o.Data["text/plain"]);
        Assert.Equal($"{notebooks}\n6\n", string.Concat(printed));
        Assert.Contains(executed.Cells[1].Outputs, o => o.Data.GetValueOrDefault("text/html")?.Contains("A chart from a solution") == true);
        Assert.True(File.Exists(Path.Combine(root, "out", "site", "solutions", "01-exercise.html")));
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_lists_the_notebooks_before_restoring_or_building_anything()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = await CourseApp.RunAsync(["--notebooks", course.Repo.Notebooks, "--only", "99"], stdout, stderr);

        Assert.Equal(2, exit);
        Assert.DoesNotContain("Restoring", stdout.ToString());
        Assert.Contains("matching '99'", stderr.ToString());
        Assert.Contains("  00-getting-started.ipynb", stderr.ToString());
        Assert.Contains("  solutions/01-why-bayesian-weights-solutions.ipynb", stderr.ToString());
    }

    [Fact]
    public async Task Jobs_run_notebooks_at_once_and_the_site_keeps_course_order()
    {
        var root = course.Scratch("runner-jobs");
        var notebooks = Path.Combine(root, "notebooks");
        Directory.CreateDirectory(notebooks);
        WriteNotebook(Path.Combine(notebooks, "01-slow.ipynb"), ("code", "System.Threading.Thread.Sleep(8000); Console.WriteLine(\"slow done\");"));
        WriteNotebook(Path.Combine(notebooks, "02-fast.ipynb"), ("code", "Console.WriteLine(\"fast done\");"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = await CourseApp.RunAsync(["--notebooks", notebooks, "--output", Path.Combine(root, "out"), "--no-build", "--jobs", "2"], stdout, stderr);

        Assert.True(exit == 0, $"exit code {exit}\n{stdout}\n{stderr}");
        var log = stdout.ToString();
        // Started together, the fast notebook finishes first (the slow one sleeps 8 s after its kernel started).
        Assert.True(log.IndexOf("[2/2] ok", StringComparison.Ordinal) < log.IndexOf("[1/2] ok", StringComparison.Ordinal), log);
        var index = File.ReadAllText(Path.Combine(root, "out", "site", "index.html"));
        Assert.True(index.IndexOf("01-slow", StringComparison.Ordinal) < index.IndexOf("02-fast", StringComparison.Ordinal), "the site lists the notebooks in course order");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    public async Task Jobs_must_be_a_whole_number_of_at_least_one(string jobs)
    {
        var stderr = new StringWriter();
        int exit = await CourseApp.RunAsync(["--jobs", jobs], new StringWriter(), stderr);
        Assert.Equal(2, exit);
        Assert.Contains($"--jobs must be a whole number of notebooks >= 1, not '{jobs}'", stderr.ToString());
    }

    [Fact]
    public async Task A_notebook_past_its_timeout_is_stopped_and_its_process_group_killed()
    {
        var root = course.Scratch("runner-timeout");
        var notebooks = Path.Combine(root, "notebooks");
        Directory.CreateDirectory(notebooks);
        WriteNotebook(Path.Combine(notebooks, "01-hangs.ipynb"),
            ("code", "Console.WriteLine(\"before\");"),
            ("code", "System.Threading.Thread.Sleep(TimeSpan.FromMinutes(10)); // hangs"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = await CourseApp.RunAsync(["--notebooks", notebooks, "--output", Path.Combine(root, "out"), "--no-build", "--timeout", "15"], stdout, stderr);

        Assert.Equal(1, exit);
        var name = Path.GetRelativePath(course.Repo.Root, Path.Combine(notebooks, "01-hangs.ipynb")).Replace('\\', '/');
        Assert.Contains($"FAILED {name}: cell 2 failed (first line: System.Threading.Thread.Sleep(TimeSpan.FromMinutes(10)); // hangs)", stderr.ToString());
        Assert.Contains("timed out after 15 s", stderr.ToString());
        if (OperatingSystem.IsLinux())
        {
            // No process of the kernel's group is left: none has the notebook's path on its command line.
            var survivors = Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _))
                .Where(d => { try { return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(notebooks, StringComparison.Ordinal); } catch (IOException) { return false; } catch (UnauthorizedAccessException) { return false; } })
                .ToArray();
            Assert.Empty(survivors);
        }
    }
}
