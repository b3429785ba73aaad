namespace BnnCourse.Notebooks.Tests;

/// <summary>The lecture demos build and run as .NET 10 file-based apps and write an offline HTML page.</summary>
[Collection(CourseCollection.Name)]
public sealed class DemoTests(CourseFixture course)
{
    [Theory]
    [InlineData("toy-regression.cs")]
    [InlineData("mnist-uncertain-digits.cs")]
    public async Task Demo_runs_with_dotnet_run_and_writes_an_offline_page(string demo)
    {
        var output = Path.Combine(course.Scratch("demo"), Path.ChangeExtension(demo, ".html"));
        var run = await ChildProcess.RunAsync(course.Repo.Root, TimeSpan.FromMinutes(5), "dotnet", "run", Path.Combine("demos", demo), "--", output);
        Assert.True(run.ExitCode == 0, $"dotnet run demos/{demo}: {run}");

        var printed = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.Equal(Path.GetFullPath(output), printed);
        var html = File.ReadAllText(printed);
        Assert.True(html.Length > 1_000_000, "plotly.js is not inlined");
        Assert.Contains("Plotly.newPlot('chart0'", html);
        Assert.DoesNotMatch("<script[^>]*src=", html);
    }
}
