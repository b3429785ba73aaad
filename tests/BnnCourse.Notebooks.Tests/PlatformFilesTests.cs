using System.Text.Json;
using System.Text.RegularExpressions;
using BnnCourse.CourseRunner;

namespace BnnCourse.Notebooks.Tests;

/// <summary>The devcontainer, the VS Code settings and the tool manifest agree, and the devcontainer's setup works here.</summary>
[Collection(CourseCollection.Name)]
public sealed class PlatformFilesTests(CourseFixture course)
{
    private static readonly string[] Extensions = ["ms-dotnettools.dotnet-interactive-vscode", "ms-toolsai.jupyter", "ms-dotnettools.csdevkit"];

    private JsonElement ReadJsonc(params string[] relative) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine([course.Repo.Root, .. relative])),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement;

    private string ManifestVersion(string tool) =>
        ReadJsonc(".config", "dotnet-tools.json").GetProperty("tools").GetProperty(tool).GetProperty("version").GetString()!;

    [Fact]
    public void The_tool_manifest_pins_the_kernel_and_the_headless_runner_without_roll_forward()
    {
        Assert.Equal("1.0.712001", ManifestVersion("microsoft.dotnet-interactive"));
        Assert.Equal("0.3.259", ManifestVersion("dotnet-repl"));
        foreach (var tool in ReadJsonc(".config", "dotnet-tools.json").GetProperty("tools").EnumerateObject())
            Assert.False(tool.Value.GetProperty("rollForward").GetBoolean(), $"{tool.Name} may roll forward");
    }

    [Fact]
    public void Devcontainer_pins_a_dotnet_10_image_tag_and_installs_the_notebook_extensions()
    {
        var devcontainer = ReadJsonc(".devcontainer", "devcontainer.json");
        var image = devcontainer.GetProperty("image").GetString()!;
        var match = Regex.Match(image, @"^mcr\.microsoft\.com/devcontainers/dotnet:(?<tag>.+)$");
        Assert.True(match.Success, $"image {image} is not the .NET devcontainer image");
        var tag = match.Groups["tag"].Value;
        Assert.NotEqual("latest", tag);
        Assert.Matches(@"^\d+-10\.0(-[a-z]+)?$", tag); // image major version pinned, .NET 10.0
        var extensions = devcontainer.GetProperty("customizations").GetProperty("vscode").GetProperty("extensions")
            .EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(Extensions.Order(), extensions.Order()!);
    }

    [Fact]
    public async Task Devcontainer_post_create_command_succeeds_on_this_machine()
    {
        var command = ReadJsonc(".devcontainer", "devcontainer.json").GetProperty("postCreateCommand").GetString()!;
        Assert.Contains("dotnet tool restore", command);

        var run = await ChildProcess.RunAsync(course.Repo.Root, TimeSpan.FromMinutes(5), "bash", "-c", command);
        Assert.True(run.ExitCode == 0, $"postCreateCommand `{command}`: {run}");
        Assert.True(File.Exists(Path.Combine(course.Repo.Root, "lib", "BnnCourse.Plotting", "bin", Prerequisites.Configuration, "net10.0", "BnnCourse.Plotting.dll")),
            "postCreateCommand did not build what the notebooks' preamble references");
    }

    [Fact]
    public void VS_Code_recommends_the_devcontainer_extensions()
    {
        var recommended = ReadJsonc(".vscode", "extensions.json").GetProperty("recommendations").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(Extensions.Order(), recommended.Order()!);
    }

    [Fact]
    public void VS_Code_launches_the_kernel_version_the_tool_manifest_pins()
    {
        var settings = ReadJsonc(".vscode", "settings.json");
        Assert.Equal(ManifestVersion("microsoft.dotnet-interactive"), settings.GetProperty("dotnet-interactive.requiredInteractiveToolVersion").GetString());
        Assert.Equal("https://api.nuget.org/v3/index.json", settings.GetProperty("dotnet-interactive.interactiveToolSource").GetString());
        // Launched in the notebook's folder, `dotnet tool run` resolves the repository's manifest, so the local pinned tool runs.
        Assert.Equal("{working_dir}", settings.GetProperty("dotnet-interactive.kernelTransportWorkingDirectory").GetString());
        var args = settings.GetProperty("dotnet-interactive.kernelTransportArgs").EnumerateArray().Select(a => a.GetString()!).ToArray();
        Assert.Equal(["{dotnet_path}", "tool", "run", "dotnet-interactive", "--"], args[..5]);
        Assert.Contains("stdio", args);

        // The extension replaces only these placeholders (performReplacement in its utilities.ts).
        var placeholders = Regex.Matches(settings.GetRawText(), @"\{([a-z_]+)\}").Select(m => m.Groups[1].Value).Distinct();
        Assert.All(placeholders, p => Assert.Contains(p, new[] { "dotnet_path", "working_dir", "global_storage_path" }));
    }
}
