namespace BnnCourse.CourseRunner;

/// <summary>One output of an executed cell, as stored in the .ipynb file.</summary>
/// <param name="Kind">nbformat output_type: stream, display_data, execute_result or error.</param>
/// <param name="Data">MIME type → content (for display outputs), or "text/plain" → text (for streams).</param>
/// <param name="ErrorName">Error outputs: ename.</param>
/// <param name="ErrorValue">Error outputs: evalue (message, often followed by a stack trace).</param>
public sealed record CellOutput(string Kind, IReadOnlyDictionary<string, string> Data, string? ErrorName = null, string? ErrorValue = null);
