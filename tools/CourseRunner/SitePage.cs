namespace BnnCourse.CourseRunner;

/// <summary>A notebook to put on the course site, with how its run went.</summary>
/// <param name="Name">Path relative to the notebook folder, e.g. 03-the-loss.ipynb or solutions/03-the-loss.ipynb.</param>
/// <param name="Document">The executed notebook (or the source, when it did not run).</param>
/// <param name="Result">The run's outcome, or null if it was not run.</param>
public sealed record SitePage(string Name, NotebookDocument Document, NotebookResult? Result);
