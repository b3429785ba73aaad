namespace BnnCourse.Numerics;

/// <summary>
/// A dense row-major matrix of <see cref="float"/>: element (i, j) lives at <c>Data[i * Cols + j]</c>.
/// A minibatch is a matrix with one example per row.
/// </summary>
public sealed class Matrix
{
    /// <summary>Number of rows (examples in a minibatch).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (features).</summary>
    public int Cols { get; }

    /// <summary>The row-major storage, length <c>Rows * Cols</c>.</summary>
    public float[] Data { get; }

    /// <summary>A zero matrix of the given shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">rows or cols negative, or rows × cols larger than an array can be.</exception>
    public Matrix(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        Rows = rows;
        Cols = cols;
        Data = new float[Require.ArrayLength(rows, cols, nameof(rows), nameof(cols))];
    }

    /// <summary>Wraps existing row-major storage (no copy).</summary>
    /// <exception cref="ArgumentException">data.Length is not rows * cols.</exception>
    public Matrix(int rows, int cols, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != (long)rows * cols)
            throw new ArgumentException($"data has {data.Length} elements but the shape {rows}×{cols} needs {(long)rows * cols}.", nameof(data));
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    /// <summary>Element (i, j).</summary>
    public float this[int i, int j]
    {
        get => Data[i * Cols + j];
        set => Data[i * Cols + j] = value;
    }

    /// <summary>Row i as a span.</summary>
    public Span<float> Row(int i) => Data.AsSpan(i * Cols, Cols);

    /// <summary>A matrix from a rectangular array (copies).</summary>
    public static Matrix FromArray(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var m = new Matrix(values.GetLength(0), values.GetLength(1));
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Cols; j++)
                m[i, j] = values[i, j];
        return m;
    }

    /// <summary>A column vector (n×1) from values (copies).</summary>
    public static Matrix Column(ReadOnlySpan<float> values) => new(values.Length, 1, values.ToArray());

    /// <summary>A deep copy.</summary>
    public Matrix Clone() => new(Rows, Cols, (float[])Data.Clone());

    /// <inheritdoc />
    public override string ToString() => $"Matrix {Rows}×{Cols}";
}
