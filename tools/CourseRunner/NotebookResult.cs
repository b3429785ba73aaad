namespace BnnCourse.CourseRunner;

/// <summary>The outcome of running one notebook.</summary>
/// <param name="Notebook">The notebook's name as shown to the reader.</param>
/// <param name="SourcePath">The notebook that was run.</param>
/// <param name="ExecutedPath">The executed copy with outputs (may be missing if the kernel never started).</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
/// <param name="Failure">Null when every cell succeeded.</param>
public sealed record NotebookResult(string Notebook, string SourcePath, string ExecutedPath, TimeSpan Elapsed, NotebookFailure? Failure)
{
    /// <summary>True when every cell succeeded.</summary>
    public bool Passed => Failure is null;
}
