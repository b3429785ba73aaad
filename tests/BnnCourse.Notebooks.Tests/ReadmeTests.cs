using System.Text.RegularExpressions;

namespace BnnCourse.Notebooks.Tests;

/// <summary>README.md's quick start and .ci/run agree, so CI runs the test command a learner is told to run.</summary>
[Collection(CourseCollection.Name)]
public sealed partial class ReadmeTests(CourseFixture course)
{
    private string Read(params string[] relative) => File.ReadAllText(Path.Combine([course.Repo.Root, .. relative]));

    [GeneratedRegex(@"^TEST_CMD='(?<cmd>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex TestCommand();

    [Fact]
    public void Ci_runs_the_test_command_written_in_the_readme_quick_start()
    {
        var match = TestCommand().Match(Read(".ci", "run"));
        Assert.True(match.Success, ".ci/run has no TEST_CMD='…' line");
        var quickStart = Read("README.md").Split("## Quick start")[1].Split("\n## ")[0];
        Assert.Contains("\n" + match.Groups["cmd"].Value + "\n", quickStart.Replace("\r", ""));
    }

    [Fact]
    public void Readme_quick_start_runs_the_course_with_the_runner_project_that_exists()
    {
        var quickStart = Read("README.md").Split("## Quick start")[1].Split("\n## ")[0];
        Assert.Contains("\ndotnet run --project tools/CourseRunner\n", quickStart.Replace("\r", ""));
        Assert.True(File.Exists(Path.Combine(course.Repo.Root, "tools", "CourseRunner", "CourseRunner.csproj")));
    }

    [Fact]
    public void Readme_lists_every_numbered_notebook()
    {
        var readme = Read("README.md");
        foreach (var notebook in Directory.GetFiles(Path.Combine(course.Repo.Root, "notebooks"), "[0-9][0-9]-*.ipynb"))
            Assert.Contains("notebooks/" + Path.GetFileName(notebook), readme);
    }

    [Fact]
    public void The_readmes_send_a_reader_of_a_clone_only_to_files_the_clone_has_and_say_how_long_the_quick_start_takes()
    {
        var quickStart = Read("README.md").Split("## Quick start")[1].Split("\n## ")[0];
        Assert.Contains("about\n6 to 10 minutes", quickStart);
        Assert.Contains("It re-runs all the notebooks", quickStart);
        Assert.Contains("about 14 to 19 minutes", quickStart);
        Assert.Contains("`dotnet interactive jupyter install`", Read("README.md"));
        foreach (var readme in new[] { "README.md", "bench/BnnCourse.Bench/README.md" })
        {
            var text = Read(readme);
            // Commands to run name only files in the repository: the peer bench beside it is described, not run from here.
            foreach (Match block in Regex.Matches(text, "```\n(.*?)```", RegexOptions.Singleline))
                Assert.DoesNotContain("../shared", block.Groups[1].Value);
            foreach (Match link in Regex.Matches(text, @"\]\((?<target>[^)#:]+)\)"))
                Assert.True(File.Exists(Path.Combine(course.Repo.Root, Path.GetDirectoryName(readme)!, link.Groups["target"].Value)),
                    $"{readme} links to {link.Groups["target"].Value}, which the repository does not have");
        }
        Assert.True(File.Exists(Path.Combine(course.Repo.Root, "bench", "prio.sh")));
    }
}
