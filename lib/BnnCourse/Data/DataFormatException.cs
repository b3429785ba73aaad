namespace BnnCourse.Data;

/// <summary>
/// A data file (IDX or CSV) is malformed. The message names the source, the position and what was wrong;
/// the same facts are available as properties.
/// </summary>
/// <remarks>
/// The readers in <c>BnnCourse.Data</c> report every problem with a file's <em>content</em> with this exception
/// (wrong magic number, header/payload mismatch, truncated or corrupt gzip stream, ragged or non-numeric CSV row,
/// NaN or infinite values), and <c>TrainedModel.Load</c> reports a truncated, corrupted, newer-version
/// or inconsistent checkpoint with it too. Problems opening the file itself surface as the usual
/// <see cref="IOException"/> subclasses (<see cref="FileNotFoundException"/>, <see cref="UnauthorizedAccessException"/> ...).
/// </remarks>
public sealed class DataFormatException : FormatException
{
    /// <summary>The file path or stream name that was being read.</summary>
    public string FileName { get; }

    /// <summary>Byte offset of the problem in the (decompressed) content, or null when a line is given instead.</summary>
    public long? Offset { get; }

    /// <summary>One-based line number of the problem (CSV), or null for binary formats.</summary>
    public int? Line { get; }

    /// <summary>What was wrong, without the position prefix.</summary>
    public string Problem { get; }

    /// <summary>
    /// The <paramref name="problem"/> in <paramref name="fileName"/> at an optional byte offset or one-based line;
    /// <paramref name="inner"/> is the underlying exception, if any (for example from the gzip decoder).
    /// </summary>
    public DataFormatException(string fileName, string problem, long? offset = null, int? line = null, Exception? inner = null)
        : base(Compose(fileName, problem, offset, line), inner)
    {
        FileName = fileName;
        Problem = problem;
        Offset = offset;
        Line = line;
    }

    static string Compose(string fileName, string problem, long? offset, int? line) =>
        $"{fileName}{(line is int l ? $", line {l}" : offset is long o ? $", byte offset {o}" : "")}: {problem}";
}
