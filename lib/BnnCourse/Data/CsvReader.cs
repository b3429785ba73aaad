using System.Globalization;
using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// Reads a numeric CSV table: by default a header line with the column names, then one row of numbers per line; options
/// skip leading lines (a count line, a licence), read files with no header (columns named "column 1", …), and skip comment lines.
/// Numbers use the invariant culture ('.' decimal point, optional exponent), whatever the machine's locale.
/// </summary>
/// <remarks>
/// Rules: fields are separated by the separator (',' by default) and trimmed of white space; quoted fields
/// are not supported and refused with that reason (a header name may be wrapped in double quotes, which are
/// removed); a leading byte-order mark is dropped, from a file or a <see cref="TextReader"/>; lines that are empty
/// or white space only are skipped; every other line must have as many fields as the header.
/// Every problem with the content throws <see cref="DataFormatException"/> naming the file, the one-based line
/// and the field: missing header, empty or repeated column name, ragged row, a field that is not a number,
/// NaN, infinity, or a value outside the float range.
/// </remarks>
internal static class CsvReader
{
    /// <summary>Reads a CSV file (UTF-8) into column names and a matrix.</summary>
    /// <exception cref="DataFormatException">Malformed content.</exception>
    public static NumericTable ReadFile(string path, char separator = ',', bool hasHeader = true, int skipLines = 0, char? comment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return Read(reader, path, separator, hasHeader, skipLines, comment);
    }

    /// <summary>Reads CSV text; <paramref name="sourceName"/> names the source in errors.</summary>
    /// <exception cref="DataFormatException">Malformed content.</exception>
    public static NumericTable Read(TextReader reader, string sourceName, char separator = ',', bool hasHeader = true, int skipLines = 0, char? comment = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (separator is '"' or '.' or '\r' or '\n' || char.IsDigit(separator))
            throw new ArgumentException($"'{separator}' cannot separate numeric fields.", nameof(separator));
        ArgumentOutOfRangeException.ThrowIfNegative(skipLines);
        if (comment is { } c && (c == separator || c is '"' or '.' or '-' or '+' || char.IsLetterOrDigit(c) || char.IsWhiteSpace(c)))
            throw new ArgumentException($"'{c}' cannot mark comment lines in a numeric table (it can start a field).", nameof(comment));

        int lineNumber = 0;
        for (; lineNumber < skipLines; lineNumber++)
            if (reader.ReadLine() is null)
                throw new DataFormatException(sourceName, $"ends after {lineNumber} lines, before the {skipLines} lines to skip.", line: lineNumber + 1);
        // The next line that is neither blank nor a comment (null at the end), counting every line read.
        string? Next()
        {
            string? l;
            do { l = reader.ReadLine(); lineNumber++; }
            while (l is not null && (string.IsNullOrWhiteSpace(l) || (comment is { } m && l.TrimStart('\uFEFF').TrimStart().StartsWith(m))));
            return l;
        }
        string? line = Next();
        if (line is null)
            throw new DataFormatException(sourceName, hasHeader ? "empty: no header line with column names." : "empty: no rows.", line: lineNumber);

        if (line.Length > 0 && line[0] == '\uFEFF') line = line[1..]; // a UTF-8 BOM that reached us as text
        var names = hasHeader ? Header(line, separator, sourceName, lineNumber)
            : Enumerable.Range(1, line.Split(separator).Length).Select(j => $"column {j}").ToArray();
        var values = new List<float>();
        for (line = hasHeader ? Next() : line; line is not null; line = Next())
            Row(line, separator, names, sourceName, lineNumber, values);
        return new NumericTable(names, new Matrix(values.Count / names.Length, names.Length, values.ToArray()));
    }

    static string[] Header(string line, char separator, string sourceName, int lineNumber)
    {
        var rawNames = line.Split(separator);
        foreach (var field in rawNames) RefuseQuoting(field.Trim(), sourceName, lineNumber, header: true);
        var names = rawNames.Select(f => Unquote(f.Trim())).ToArray();
        for (int j = 0; j < names.Length; j++)
        {
            if (names[j].Length == 0)
                throw new DataFormatException(sourceName, $"header field {j + 1} is empty: every column needs a name.", line: lineNumber);
            int first = Array.IndexOf(names, names[j]);
            if (first != j)
                throw new DataFormatException(sourceName, $"header repeats the column name '{names[j]}' (fields {first + 1} and {j + 1}).", line: lineNumber);
        }
        return names;
    }

    static void Row(string line, char separator, string[] names, string sourceName, int lineNumber, List<float> values)
    {
        var fields = line.Split(separator);
        if (line.Contains('"'))
            foreach (var field in fields) RefuseQuoting(field.Trim(), sourceName, lineNumber, header: false);
        if (fields.Length != names.Length)
            throw new DataFormatException(sourceName, $"ragged row: {fields.Length} fields but the first row has {names.Length} columns.", line: lineNumber);
        for (int j = 0; j < fields.Length; j++)
            values.Add(ParseField(fields[j], j, names[j], sourceName, lineNumber));
    }

    static float ParseField(string field, int j, string column, string source, int line)
    {
        var text = field.AsSpan().Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new DataFormatException(source, $"field {j + 1} ('{column}') is not a number: '{Shorten(field)}'.", line: line);
        if (!double.IsFinite(value))
            throw new DataFormatException(source, $"field {j + 1} ('{column}') is {value} ('{Shorten(field)}'): only finite values are allowed.", line: line);
        float f = (float)value;
        if (!float.IsFinite(f))
            throw new DataFormatException(source, $"field {j + 1} ('{column}') = {value} lies outside the float range (±{float.MaxValue}).", line: line);
        return f;
    }

    // Quoting (RFC 4180) is not supported: a quote anywhere but around a whole header name is refused with that
    // reason, instead of the misleading "ragged row" a quoted separator would otherwise cause.
    static void RefuseQuoting(string field, string source, int line, bool header)
    {
        int quotes = field.Count(c => c == '"');
        if (quotes == 0) return;
        bool wholeName = header && quotes == 2 && field.Length >= 2 && field[0] == '"' && field[^1] == '"';
        if (!wholeName)
            throw new DataFormatException(source,
                $"quoted fields are not supported (found '{Shorten(field)}'): remove the quotes, and any separator inside them.", line: line);
    }

    static string Unquote(string name) =>
        name.Length >= 2 && name[0] == '"' && name[^1] == '"' ? name[1..^1].Trim() : name;

    static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
