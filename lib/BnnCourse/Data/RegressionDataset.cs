using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>Inputs X (n × d) paired with real-valued targets Y (n × t), one example per row.</summary>
public sealed class RegressionDataset
{
    /// <summary>The inputs, n × d.</summary>
    public Matrix X { get; }

    /// <summary>The targets, n × t (t = 1 for the course's regressions).</summary>
    public Matrix Y { get; }

    /// <summary>Number of examples n.</summary>
    public int Count => X.Rows;

    /// <summary>Pairs inputs and targets (no copy).</summary>
    /// <exception cref="ArgumentException">Row counts differ.</exception>
    public RegressionDataset(Matrix x, Matrix y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows != y.Rows) throw new ArgumentException($"x has {x.Rows} rows but y has {y.Rows}.", nameof(y));
        X = x;
        Y = y;
    }

    /// <summary>
    /// Reads a regression table from a numeric CSV file: the column <paramref name="targetColumn"/> (zero-based; negative counts
    /// from the end, −1 = the last column) is the target, every other column an input. Published files often have no header
    /// (<paramref name="hasHeader"/> false), a count line or a notice first (<paramref name="skipLines"/>), or comment lines
    /// (<paramref name="comment"/>, e.g. '#'); fields split on <paramref name="separator"/> (e.g. ' ' for whitespace-aligned files
    /// with single spaces).
    /// </summary>
    /// <exception cref="DataFormatException">Malformed content, naming the file and line.</exception>
    /// <exception cref="ArgumentOutOfRangeException">targetColumn outside the table, or skipLines &lt; 0.</exception>
    public static RegressionDataset ReadCsv(string path, int targetColumn = -1, bool hasHeader = true, int skipLines = 0, char? comment = null, char separator = ',')
    {
        var table = CsvReader.ReadFile(path, separator, hasHeader, skipLines, comment);
        int columns = table.ColumnNames.Count, target = targetColumn < 0 ? columns + targetColumn : targetColumn;
        if (target < 0 || target >= columns)
            throw new ArgumentOutOfRangeException(nameof(targetColumn), targetColumn, $"The table in {path} has {columns} columns: targetColumn must lie in [−{columns}, {columns}).");
        if (columns < 2)
            throw new DataFormatException(path, $"has {columns} column: a regression needs at least one input column besides the target.", line: 1);
        return table.ToRegression(target);
    }

    /// <summary>The examples at <paramref name="indices"/>, in that order (copies).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index outside [0, n).</exception>
    public RegressionDataset Subset(ReadOnlySpan<int> indices) => new(RowGather.Take(X, indices), RowGather.Take(Y, indices));

    /// <summary>The training and test parts of a split.</summary>
    public (RegressionDataset Train, RegressionDataset Test) Split(TrainTestSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return (Subset(split.Train), Subset(split.Test));
    }

    /// <summary>Both matrices mapped through their standardisers (new matrices).</summary>
    public RegressionDataset Standardize(Standardizer inputs, Standardizer targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        return new(inputs.Apply(X), targets.Apply(Y));
    }
}
