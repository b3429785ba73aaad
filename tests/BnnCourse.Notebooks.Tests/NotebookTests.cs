using BnnCourse.CourseRunner;

namespace BnnCourse.Notebooks.Tests;

/// <summary>One test per course notebook: it runs top to bottom on a fresh kernel, out of process, as in the editor.</summary>
[Collection(CourseCollection.Name)]
public sealed class NotebookTests(CourseFixture course)
{
    /// <summary>Every notebook the course runner runs, by its path relative to notebooks/.</summary>
    public static TheoryData<string> Notebooks()
    {
        var repo = Repository.Find(AppContext.BaseDirectory);
        var data = new TheoryData<string>();
        foreach (var path in Course.Notebooks(repo.Notebooks))
            data.Add(Path.GetRelativePath(repo.Notebooks, path).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_top_to_bottom_on_a_fresh_kernel(string notebook)
    {
        var result = await ExecutedNotebooks.RunAsync(course.Repo, notebook); // shared with BrowserTests: run once

        if (result.Failure is { } failure)
            Assert.Fail(failure.ToString());
        Assert.True(File.Exists(result.ExecutedPath), $"no executed notebook at {result.ExecutedPath}");
    }

    [Fact]
    public void The_course_has_the_getting_started_notebook_and_never_runs_the_preamble_alone()
    {
        var names = Course.Notebooks(course.Repo.Notebooks).Select(p => Path.GetRelativePath(course.Repo.Notebooks, p)).ToArray();
        Assert.Contains("00-getting-started.ipynb", names);
        Assert.DoesNotContain(names, n => Path.GetFileName(n).StartsWith('_'));
    }
}
