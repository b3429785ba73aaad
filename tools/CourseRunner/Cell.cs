namespace BnnCourse.CourseRunner;

/// <summary>One notebook cell.</summary>
/// <param name="Number">1-based position among all cells, markdown included, as a reader counts them.</param>
/// <param name="Kind">code or markdown.</param>
/// <param name="Source">The cell's text.</param>
/// <param name="Outputs">Outputs after execution (empty for markdown and unexecuted cells).</param>
public sealed record Cell(int Number, string Kind, string Source, IReadOnlyList<CellOutput> Outputs)
{
    /// <summary>The first non-blank line of the source, trimmed.</summary>
    public string FirstLine => Source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";

    /// <summary>True for code cells.</summary>
    public bool IsCode => Kind == "code";
}
