namespace BnnCourse.CourseRunner;

/// <summary>Where and why a notebook failed.</summary>
/// <param name="Notebook">The notebook's name as shown to the reader (e.g. notebooks/03-the-loss.ipynb).</param>
/// <param name="Cell">1-based cell number (markdown cells counted), or null when no cell is to blame (the kernel did not start).</param>
/// <param name="FirstLine">First non-blank line of that cell.</param>
/// <param name="Error">The error without its stack trace.</param>
public sealed record NotebookFailure(string Notebook, int? Cell, string FirstLine, string Error)
{
    /// <summary>One message naming the notebook, the cell number, the cell's first line and the error.</summary>
    public override string ToString() => Cell is int n
        ? $"{Notebook}: cell {n} failed (first line: {FirstLine})\n    {Error.Replace("\n", "\n    ")}"
        : $"{Notebook}: {Error.Replace("\n", "\n    ")}";
}

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

/// <summary>Progress of a running notebook: which cell the kernel is executing and for how long the notebook has run.</summary>
/// <param name="Notebook">The notebook's name as shown to the reader.</param>
/// <param name="Cell">1-based number of the cell being run (markdown cells counted); 0 while the kernel starts.</param>
/// <param name="CellCount">Number of cells in the notebook.</param>
/// <param name="FirstLine">First line of the cell being run.</param>
/// <param name="Elapsed">Time since the notebook started.</param>
public sealed record RunProgress(string Notebook, int Cell, int CellCount, string FirstLine, TimeSpan Elapsed);
