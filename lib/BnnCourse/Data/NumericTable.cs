using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>A numeric table: column names and a rows × columns <see cref="Matrix"/> of finite values.</summary>
/// <remarks>Built by <see cref="CsvReader"/>, which has refused empty or repeated names, ragged rows and non-finite values.</remarks>
internal sealed class NumericTable(IReadOnlyList<string> columnNames, Matrix values)
{
    /// <summary>The column names, in file order.</summary>
    public IReadOnlyList<string> ColumnNames { get; } = columnNames;

    /// <summary>The values, one row per data line.</summary>
    public Matrix Values { get; } = values;

    /// <summary>The index of the column called <paramref name="name"/> (ordinal comparison).</summary>
    /// <exception cref="ArgumentException">No such column.</exception>
    public int IndexOf(string name)
    {
        for (int j = 0; j < ColumnNames.Count; j++)
            if (string.Equals(ColumnNames[j], name, StringComparison.Ordinal)) return j;
        throw new ArgumentException($"No column '{name}'; the columns are {string.Join(", ", ColumnNames)}.", nameof(name));
    }

    /// <summary>A new matrix holding the named columns, in the order given (copies).</summary>
    /// <exception cref="ArgumentException">A name is not a column.</exception>
    public Matrix Select(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var index = names.Select(IndexOf).ToArray();
        var m = new Matrix(Values.Rows, index.Length);
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < index.Length; j++)
                m[i, j] = Values[i, index[j]];
        return m;
    }

    /// <summary>Column <paramref name="target"/> as the targets Y (n × 1), all other columns in file order as the inputs X.</summary>
    public RegressionDataset ToRegression(int target) =>
        new(Select([.. ColumnNames.Where((_, j) => j != target)]), Select(ColumnNames[target]));
}
