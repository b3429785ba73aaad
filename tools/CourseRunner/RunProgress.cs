namespace BnnCourse.CourseRunner;

/// <summary>Progress of a running notebook: which cell the kernel is executing and for how long the notebook has run.</summary>
/// <param name="Notebook">The notebook's name as shown to the reader.</param>
/// <param name="Cell">1-based number of the cell being run (markdown cells counted); 0 while the kernel starts.</param>
/// <param name="CellCount">Number of cells in the notebook.</param>
/// <param name="FirstLine">First line of the cell being run.</param>
/// <param name="Elapsed">Time since the notebook started.</param>
public sealed record RunProgress(string Notebook, int Cell, int CellCount, string FirstLine, TimeSpan Elapsed);
