using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BnnCourse.CourseRunner;

namespace BnnCourse.Notebooks.Tests;

/// <summary>
/// Every notebook and solution is nbformat 4.5 with a unique, valid id on every cell (Jupyter warns
/// MissingIDFieldWarning otherwise; `python3 tools/add-cell-ids.py` adds them), and every code cell declares its
/// kernel (the pinned .NET Interactive crashes on `#!import` of a notebook whose code cell has no kernel name).
/// Reads the files only: no fixture, no build.
/// </summary>
public sealed partial class NotebookFormatTests
{
    private static readonly Repository Repo = Repository.Find(AppContext.BaseDirectory);

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ValidId();

    /// <summary>Every .ipynb under notebooks/ (solutions and _setup included), whatever notebooks exist.</summary>
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Repository.Find(AppContext.BaseDirectory).Notebooks, "*.ipynb", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(Repository.Find(AppContext.BaseDirectory).Root, path).Replace('\\', '/'));
        return data;
    }

    /// <summary>One message per cell of <paramref name="json"/> that lacks a valid, unique id, plus one if the format is below 4.5.</summary>
    internal static IEnumerable<string> IdProblems(string notebook, string json)
    {
        var root = JsonNode.Parse(json)!;
        if ((int?)root["nbformat"] != 4 || ((int?)root["nbformat_minor"] ?? 0) < 5)
            yield return $"{notebook}: nbformat {root["nbformat"]}.{root["nbformat_minor"]}; cell ids need 4.5";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cells = root["cells"]!.AsArray();
        for (int i = 0; i < cells.Count; i++)
        {
            var id = cells[i]?["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (id is null)
                yield return $"{notebook}: cell {i + 1} has no id";
            else if (!ValidId().IsMatch(id))
                yield return $"{notebook}: cell {i + 1} has id '{id}', not 1–64 of [a-zA-Z0-9_-]";
            else if (!seen.Add(id))
                yield return $"{notebook}: cell {i + 1} repeats id '{id}'";
        }
    }

    /// <summary>One message per code cell of <paramref name="json"/> whose metadata does not name its kernel (C#).</summary>
    internal static IEnumerable<string> KernelProblems(string notebook, string json)
    {
        var cells = JsonNode.Parse(json)!["cells"]!.AsArray();
        for (int i = 0; i < cells.Count; i++)
        {
            if ((string?)cells[i]?["cell_type"] != "code")
                continue;
            var metadata = cells[i]?["metadata"];
            var language = metadata?["dotnet_interactive"]?["language"]?.GetValue<string>();
            var kernel = metadata?["polyglot_notebook"]?["kernelName"]?.GetValue<string>();
            if (language != "csharp" || kernel != "csharp")
                yield return $"{notebook}: code cell {i + 1} has dotnet_interactive.language = {language ?? "(none)"} and " +
                             $"polyglot_notebook.kernelName = {kernel ?? "(none)"}; both must be \"csharp\"";
        }
    }

    private static string Read(string relative) => File.ReadAllText(Path.Combine(Repo.Root, relative));

    [Fact]
    public void The_course_has_its_notebooks_and_solutions()
    {
        var names = Notebooks().Select(row => row.Data).ToArray();
        Assert.Contains("notebooks/_setup.ipynb", names);
        Assert.True(names.Count(n => n.StartsWith("notebooks/solutions/")) >= 11, string.Join("\n", names));
        Assert.True(names.Count(n => Regex.IsMatch(n, @"^notebooks/\d\d-")) >= 12, string.Join("\n", names));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_cell_has_a_unique_valid_id(string notebook)
    {
        var problems = IdProblems(notebook, Read(notebook)).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems) + "\nrun: python3 tools/add-cell-ids.py");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_code_cell_declares_its_kernel(string notebook)
    {
        var problems = KernelProblems(notebook, Read(notebook)).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems));
    }

    [Fact]
    public void A_missing_repeated_or_invalid_id_and_an_old_format_are_each_reported()
    {
        const string json = """
            {"cells": [
              {"cell_type": "markdown", "id": "a1", "metadata": {}, "source": []},
              {"cell_type": "markdown", "metadata": {}, "source": []},
              {"cell_type": "markdown", "id": "a1", "metadata": {}, "source": []},
              {"cell_type": "markdown", "id": "has space", "metadata": {}, "source": []}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
            """;
        var problems = IdProblems("x.ipynb", json).ToArray();
        Assert.Equal(
            ["x.ipynb: nbformat 4.4; cell ids need 4.5", "x.ipynb: cell 2 has no id", "x.ipynb: cell 3 repeats id 'a1'",
             "x.ipynb: cell 4 has id 'has space', not 1–64 of [a-zA-Z0-9_-]"],
            problems);
    }

    [Fact]
    public void A_code_cell_without_its_kernel_is_reported_and_a_markdown_cell_is_not()
    {
        const string json = """
            {"cells": [
              {"cell_type": "markdown", "id": "m", "metadata": {}, "source": []},
              {"cell_type": "code", "id": "ok", "metadata": {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}, "outputs": [], "source": []},
              {"cell_type": "code", "id": "no-kernel", "metadata": {"dotnet_interactive": {"language": "csharp"}}, "outputs": [], "source": []},
              {"cell_type": "code", "id": "empty", "metadata": {}, "outputs": [], "source": []}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """;
        var problems = KernelProblems("x.ipynb", json).ToArray();
        Assert.Equal(2, problems.Length);
        Assert.StartsWith("x.ipynb: code cell 3 has dotnet_interactive.language = csharp and polyglot_notebook.kernelName = (none)", problems[0]);
        Assert.StartsWith("x.ipynb: code cell 4 has dotnet_interactive.language = (none)", problems[1]);
    }
}
