using System.Collections.Concurrent;
using BnnCourse.CourseRunner;

namespace BnnCourse.Notebooks.Tests;

/// <summary>
/// Runs each course notebook at most once per test run and shares the result: NotebookTests assert that it ran, and
/// BrowserTests render the site from the same executed copies, whichever comes first (running all notebooks twice
/// would double the suite's time).
/// </summary>
internal static class ExecutedNotebooks
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<NotebookResult>>> Runs = new();

    /// <summary>The run of <paramref name="notebook"/> (its path relative to notebooks/), started on first request.</summary>
    public static Task<NotebookResult> RunAsync(Repository repo, string notebook) =>
        Runs.GetOrAdd(notebook, name => new Lazy<Task<NotebookResult>>(() =>
        {
            var output = Path.Combine(repo.Artifacts, "test-notebooks");
            return new NotebookRunner(TimeSpan.FromMinutes(15)).RunAsync(
                Path.Combine(repo.Notebooks, name),
                "notebooks/" + name,
                Path.Combine(output, "executed", name),
                Path.Combine(output, "logs", Path.ChangeExtension(name, null)));
        })).Value;
}
