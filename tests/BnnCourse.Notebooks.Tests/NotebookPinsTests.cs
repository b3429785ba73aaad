using System.Text.RegularExpressions;
using System.Xml.Linq;
using BnnCourse.CourseRunner;

namespace BnnCourse.Notebooks.Tests;

/// <summary>Every package a notebook pulls in is pinned to the version the solution builds against.</summary>
[Collection(CourseCollection.Name)]
public sealed partial class NotebookPinsTests(CourseFixture course)
{
    private Repository Repo => course.Repo;

    [GeneratedRegex(@"^[ \t]*#r[ \t]+""nuget:[ \t]*(?<id>[^,""]+?)[ \t]*(,[ \t]*(?<version>[^""]*?)[ \t]*)?""", RegexOptions.Multiline)]
    private static partial Regex NugetReference();

    /// <summary>Package id → version from Directory.Packages.props.</summary>
    internal static Dictionary<string, string> PinnedVersions(string propsPath) =>
        XDocument.Load(propsPath).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

    /// <summary>One message per #r "nuget: …" line of <paramref name="source"/> that is unpinned or disagrees with <paramref name="pinned"/>.</summary>
    internal static IEnumerable<string> Mismatches(string notebook, string source, IReadOnlyDictionary<string, string> pinned)
    {
        foreach (Match m in NugetReference().Matches(source))
        {
            var id = m.Groups["id"].Value;
            var version = m.Groups["version"].Success ? m.Groups["version"].Value : "";
            if (version.Length == 0)
                yield return $"{notebook}: #r \"nuget: {id}\" has no version; pin it to the one in Directory.Packages.props.";
            else if (!pinned.TryGetValue(id, out var expected))
                yield return $"{notebook}: {id} {version} is not in Directory.Packages.props; add it there first.";
            else if (expected != version)
                yield return $"{notebook}: {id} is {version} but Directory.Packages.props pins {expected}.";
        }
    }

    [Fact]
    public void Every_nuget_reference_in_every_notebook_matches_Directory_Packages_props()
    {
        var pinned = PinnedVersions(Repo.PackagesProps);
        var notebooks = Directory.GetFiles(Repo.Notebooks, "*.ipynb", SearchOption.AllDirectories);
        var problems = new List<string>();
        int references = 0;
        foreach (var path in notebooks)
        {
            var name = Path.GetRelativePath(Repo.Root, path);
            foreach (var cell in NotebookDocument.Load(path).CodeCells)
            {
                references += NugetReference().Matches(cell.Source).Count;
                problems.AddRange(Mismatches(name, cell.Source, pinned));
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(references >= 4, $"found only {references} #r \"nuget:\" lines; the preamble pins MathNet and the three Plotly packages");
    }

    [Fact]
    public void A_version_that_differs_from_the_props_file_is_reported()
    {
        var pinned = new Dictionary<string, string> { ["Plotly.NET"] = "6.0.0", ["MathNet.Numerics"] = "5.0.0" };
        const string cell = "#r \"nuget: Plotly.NET, 5.1.0\"\n#r \"nuget:MathNet.Numerics,5.0.0\"\n#r \"nuget: Markdig\"\n  #r \"nuget: Unknown.Package, 1.0.0\"";

        var problems = Mismatches("x.ipynb", cell, pinned).ToArray();

        Assert.Equal(3, problems.Length);
        Assert.Contains("x.ipynb: Plotly.NET is 5.1.0 but Directory.Packages.props pins 6.0.0.", problems);
        Assert.Contains(problems, p => p.Contains("Markdig") && p.Contains("no version"));
        Assert.Contains(problems, p => p.Contains("Unknown.Package 1.0.0 is not in Directory.Packages.props"));
    }

    [Fact]
    public void The_preamble_references_the_library_build_that_the_runner_and_tests_make()
    {
        var setup = NotebookDocument.Load(Path.Combine(Repo.Notebooks, "_setup.ipynb"));
        var source = string.Join("\n", setup.CodeCells.Select(c => c.Source));
        foreach (var project in new[] { "BnnCourse", "BnnCourse.Plotting" })
        {
            var reference = $"#r \"../lib/{project}/bin/{Prerequisites.Configuration}/net10.0/{project}.dll\"";
            Assert.Contains(reference, source);
            Assert.True(File.Exists(Path.Combine(Repo.Root, "lib", project, "bin", Prerequisites.Configuration, "net10.0", project + ".dll")),
                $"{reference} does not exist: build lib/BnnCourse.Plotting -c {Prerequisites.Configuration}");
        }
    }

    [Fact]
    public void The_FSharp_Core_workaround_lives_in_one_cell_of_the_preamble_and_nowhere_else()
    {
        var cells = Directory.GetFiles(Repo.Notebooks, "*.ipynb", SearchOption.AllDirectories)
            .SelectMany(path => NotebookDocument.Load(path).CodeCells.Select(c => (Notebook: Path.GetFileName(path), c.Source)))
            .Where(c => c.Source.Contains("AssemblyLoadContext", StringComparison.Ordinal))
            .ToArray();
        var only = Assert.Single(cells);
        Assert.Equal("_setup.ipynb", only.Notebook);
        Assert.Contains("FSharp.Core 10.1.0.0", only.Source); // the comment saying why
    }
}
