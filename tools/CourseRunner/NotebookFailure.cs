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
