using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using BnnCourse.CourseRunner;

namespace BnnCourse.Notebooks.Tests;

/// <summary>
/// A learner who opens a notebook before building the library: the preamble (_setup.ipynb) builds it and says what it
/// ran, or, when the build fails, says what to run. Checked in a scratch copy of the repository's layout (tool manifest,
/// notebooks/_setup.ipynb and notebook 00, and lib/ with or without the library's source), in both hosts: dotnet-repl
/// (the course runner) and the kernel protocol VS Code speaks (`dotnet-interactive stdio`). Neither host shows a throw
/// from an imported notebook's cell, and VS Code reports the `#!import` cell as succeeded even on CS0006, so printed text
/// is the one message every host shows.
/// </summary>
[Collection(CourseCollection.Name)]
public sealed class LibraryNotBuiltTests(CourseFixture course)
{
    private const string Building = "The course library is not built. Running `dotnet build lib/BnnCourse.Plotting -c Release` in the repository root";
    private const string Failed = "The build failed (exit code 1), so the cells below cannot find the library (CS0006, CS0246). Run `dotnet build lib/BnnCourse.Plotting -c Release` in the repository root";

    [Fact]
    public async Task Over_dotnet_repl_a_missing_library_that_cannot_be_built_is_met_with_the_command_to_run()
    {
        var root = Layout(withLibrarySource: false);
        var preamble = await RunNotebook00(root);

        Assert.Contains(Building, preamble);
        Assert.Contains(Failed, preamble);
    }

    [Fact]
    public async Task Over_the_VS_Code_kernel_protocol_a_missing_library_that_cannot_be_built_is_met_with_the_command_to_run()
    {
        var root = Layout(withLibrarySource: false);
        var printed = await KernelProtocol.SubmitAsync(Path.Combine(root, "notebooks"), "#!import _setup.ipynb", TimeSpan.FromMinutes(5));

        Assert.Contains(Building, printed);
        Assert.Contains(Failed, printed);
    }

    [Fact]
    public async Task A_library_that_was_never_built_is_built_by_the_preamble_and_the_notebook_runs()
    {
        var root = Layout(withLibrarySource: true);
        Assert.False(File.Exists(Path.Combine(root, "lib", "BnnCourse", "bin", "Release", "net10.0", "BnnCourse.dll")));

        var preamble = await RunNotebook00(root, mustPass: true);

        Assert.Contains(Building, preamble);
        Assert.Contains("Built; the notebook continues.", preamble);
        Assert.True(File.Exists(Path.Combine(root, "lib", "BnnCourse.Plotting", "bin", "Release", "net10.0", "BnnCourse.Plotting.dll")));
    }

    /// <summary>
    /// A scratch repository: the tool manifest, global.json, the package props, notebooks/_setup.ipynb and notebook 00,
    /// and lib/ (empty, or the library's source without bin/ and obj/).
    /// </summary>
    private string Layout(bool withLibrarySource)
    {
        var root = course.Scratch("not-built");
        var repo = course.Repo.Root;
        foreach (var file in new[] { ".config/dotnet-tools.json", "global.json", "Directory.Build.props", "Directory.Packages.props", "notebooks/_setup.ipynb", "notebooks/00-getting-started.ipynb" })
            Copy(Path.Combine(repo, file), Path.Combine(root, file));
        Directory.CreateDirectory(Path.Combine(root, "lib"));
        if (withLibrarySource)
            foreach (var project in new[] { "BnnCourse", "BnnCourse.Plotting" })
                foreach (var file in Directory.GetFiles(Path.Combine(repo, "lib", project), "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(repo, file);
                    var parts = relative.Split(Path.DirectorySeparatorChar);
                    if (!parts.Contains("bin") && !parts.Contains("obj"))
                        Copy(file, Path.Combine(root, relative));
                }
        return root;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    /// <summary>Runs the scratch copy of notebook 00 with the course runner's dotnet-repl runner; returns the text its preamble cell printed.</summary>
    private static async Task<string> RunNotebook00(string root, bool mustPass = false)
    {
        var result = await new NotebookRunner(TimeSpan.FromMinutes(10)).RunAsync(
            Path.Combine(root, "notebooks", "00-getting-started.ipynb"), "00 (library not built)",
            Path.Combine(root, "executed.ipynb"), Path.Combine(root, "logs"));
        if (mustPass && result.Failure is { } failure)
            Assert.Fail(failure.ToString());
        Assert.True(File.Exists(result.ExecutedPath), $"no executed notebook: {result.Failure}");
        var preamble = NotebookDocument.Load(result.ExecutedPath).CodeCells.First();
        Assert.Equal("#!import _setup.ipynb", preamble.FirstLine);
        return string.Concat(preamble.Outputs.Where(o => o.Kind == "stream").Select(o => o.Data["text/plain"]));
    }

    /// <summary>
    /// Speaks to the kernel as the Polyglot Notebooks extension does: <c>dotnet tool run dotnet-interactive -- [vscode]
    /// stdio</c> started in the notebook's folder, one SubmitCode command as a JSON line, events back as JSON lines.
    /// </summary>
    private static class KernelProtocol
    {
        /// <summary>Submits <paramref name="code"/> and returns the standard output it produced, its sub-commands' included.</summary>
        public static async Task<string> SubmitAsync(string folder, string code, TimeSpan timeout)
        {
            var info = new ProcessStartInfo("/usr/bin/setsid") { WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "dotnet", "tool", "run", "dotnet-interactive", "--", "[vscode]", "stdio", "--working-dir", folder })
                info.ArgumentList.Add(a);
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
            using var kernel = Process.Start(info)!;
            kernel.ErrorDataReceived += (_, _) => { };
            kernel.BeginErrorReadLine();
            try
            {
                var command = new JsonObject
                {
                    ["token"] = "1",
                    ["commandType"] = "SubmitCode",
                    ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
                };
                await kernel.StandardInput.WriteLineAsync(command.ToJsonString());
                await kernel.StandardInput.FlushAsync();

                var printed = new StringBuilder();
                using var deadline = new CancellationTokenSource(timeout);
                while (await kernel.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
                {
                    JsonNode? e;
                    try { e = JsonNode.Parse(line); }
                    catch (System.Text.Json.JsonException) { continue; }
                    var type = (string?)e?["eventType"];
                    var token = (string?)e?["command"]?["token"] ?? "";
                    if (type is null || !(token == "1" || token.StartsWith("1.", StringComparison.Ordinal)))
                        continue;
                    if (type == "StandardOutputValueProduced")
                        foreach (var value in e!["event"]?["formattedValues"]?.AsArray() ?? [])
                            if ((string?)value?["mimeType"] == "text/plain")
                                printed.Append((string?)value?["value"]);
                    if (token == "1" && type is "CommandSucceeded" or "CommandFailed")
                        return printed.ToString();
                }
                Assert.Fail($"the kernel closed its output before finishing the command; it printed:\n{printed}");
                return "";
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the kernel did not finish `{code}` in {timeout.TotalMinutes:0} minutes");
                return "";
            }
            finally
            {
                NotebookRunner.KillProcessGroup(kernel);
            }
        }
    }
}
