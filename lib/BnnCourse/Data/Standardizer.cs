using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// Per-column affine standardisation z = (x − m) / s, fitted on the training part and applied to the rest;
/// <see cref="Invert(Matrix)"/> maps predictions back to the original units.
/// </summary>
/// <remarks>
/// m is the column mean and s the population standard deviation (divide by n, as numpy's default and the UCI
/// benchmark code), both computed in double. A column whose training values are all equal has s = 0; such a
/// column is only centred: its scale is set to 1 (and <see cref="IsConstant"/> reports it), so nothing divides
/// by zero and the round trip stays exact.
/// For a regression target y = m + s·z a predictive N(μ_z, σ_z²) in standardised units becomes
/// N(m + s·μ_z, s²σ_z²): use <see cref="InvertMean(float, int)"/>, <see cref="InvertStd(float, int)"/>,
/// <see cref="InvertVariance(float, int)"/>; a log density picks up −log s
/// (<see cref="LogScale"/>).
/// </remarks>
public sealed class Standardizer
{
    readonly double[] _mean;
    readonly double[] _scale;
    readonly bool[] _constant;

    /// <summary>The per-column means m_j.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>The per-column scales s_j &gt; 0 (the standard deviation, or 1 for a constant column).</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>True for the columns that were constant in the fitting data (scale set to 1).</summary>
    public IReadOnlyList<bool> IsConstant => _constant;

    /// <summary>Number of columns.</summary>
    public int Columns => _mean.Length;

    Standardizer(double[] mean, double[] scale, bool[] constant) => (_mean, _scale, _constant) = (mean, scale, constant);

    /// <summary>Fits the column means and population standard deviations of <paramref name="training"/>.</summary>
    /// <exception cref="ArgumentException">No rows, or a NaN or infinite value (named by row and column).</exception>
    public static Standardizer Fit(Matrix training)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Rows == 0) throw new ArgumentException("Cannot fit a standardiser on a matrix with 0 rows.", nameof(training));
        RequireFinite(training, nameof(training));
        int n = training.Rows, d = training.Cols;
        var mean = new double[d];
        var scale = new double[d];
        var constant = new bool[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += training[i, j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) { double r = training[i, j] - mean[j]; scale[j] += r * r; }
        for (int j = 0; j < d; j++)
        {
            scale[j] = Math.Sqrt(scale[j] / n);
            if (scale[j] == 0) { scale[j] = 1; constant[j] = true; }
        }
        return new Standardizer(mean, scale, constant);
    }

    /// <summary>A standardiser with given means and scales (e.g. restored from a checkpoint).</summary>
    /// <exception cref="ArgumentException">Lengths differ, a mean is not finite, or a scale is not finite and positive.</exception>
    public static Standardizer FromMeanScale(ReadOnlySpan<double> mean, ReadOnlySpan<double> scale)
    {
        if (mean.Length != scale.Length)
            throw new ArgumentException($"{mean.Length} means but {scale.Length} scales.", nameof(scale));
        for (int j = 0; j < mean.Length; j++)
        {
            if (!double.IsFinite(mean[j])) throw new ArgumentException($"mean[{j}] = {mean[j]} is not finite.", nameof(mean));
            if (!(double.IsFinite(scale[j]) && scale[j] > 0)) throw new ArgumentException($"scale[{j}] = {scale[j]} must be finite and > 0.", nameof(scale));
        }
        return new Standardizer(mean.ToArray(), scale.ToArray(), new bool[mean.Length]);
    }

    /// <summary>Restores a standardiser with its constant-column flags (checkpoints); validated like <see cref="FromMeanScale"/>.</summary>
    internal static Standardizer FromParts(double[] mean, double[] scale, bool[] constant)
    {
        var s = FromMeanScale(mean, scale);
        if (constant.Length != mean.Length) throw new ArgumentException($"{constant.Length} flags for {mean.Length} columns.", nameof(constant));
        constant.CopyTo(s._constant, 0);
        return s;
    }

    /// <summary>The identity map on <paramref name="columns"/> columns (m = 0, s = 1).</summary>
    public static Standardizer Identity(int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        return new Standardizer(new double[columns], Enumerable.Repeat(1.0, columns).ToArray(), new bool[columns]);
    }

    /// <summary>z = (x − m) / s for every row (a new matrix).</summary>
    /// <exception cref="ArgumentException">Wrong number of columns, or a NaN or infinite value.</exception>
    public Matrix Apply(Matrix x) => Map(x, nameof(x), inverse: false);

    /// <summary>x = m + s·z for every row (a new matrix): standardised values or predictive means back to original units.</summary>
    /// <exception cref="ArgumentException">Wrong number of columns, or a NaN or infinite value.</exception>
    public Matrix Invert(Matrix z) => Map(z, nameof(z), inverse: true);

    /// <summary>m_j + s_j·z for one value of column j.</summary>
    public float InvertMean(float z, int column = 0) => (float)(_mean[CheckColumn(column)] + _scale[column] * z);

    /// <summary>σ_x = s_j·σ_z for one standard deviation of column j (no shift).</summary>
    public float InvertStd(float std, int column = 0) => (float)(_scale[CheckColumn(column)] * std);

    /// <summary>σ_x² = s_j²·σ_z² for one variance of column j (no shift).</summary>
    public float InvertVariance(float variance, int column = 0) => (float)(_scale[CheckColumn(column)] * _scale[column] * variance);

    /// <summary>log s_j: the amount a Gaussian negative log-likelihood grows by when moved from standardised to original units.</summary>
    public double LogScale(int column = 0) => Math.Log(_scale[CheckColumn(column)]);

    int CheckColumn(int column)
    {
        if ((uint)column >= (uint)_mean.Length)
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The standardiser has {_mean.Length} columns.");
        return column;
    }

    Matrix Map(Matrix x, string name, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.Cols != Columns)
            throw new ArgumentException($"{name} has {x.Cols} columns but the standardiser was fitted on {Columns}.", name);
        RequireFinite(x, name);
        var r = new Matrix(x.Rows, x.Cols);
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < x.Cols; j++)
                r[i, j] = (float)(inverse ? _mean[j] + _scale[j] * x[i, j] : (x[i, j] - _mean[j]) / _scale[j]);
        return r;
    }

    static void RequireFinite(Matrix x, string name)
    {
        var d = x.Data;
        for (int k = 0; k < d.Length; k++)
            if (!float.IsFinite(d[k]))
                throw new ArgumentException($"{name}[{k / x.Cols}, {k % x.Cols}] = {d[k]}: values must be finite.", name);
    }
}
