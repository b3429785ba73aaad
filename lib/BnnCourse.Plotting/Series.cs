namespace BnnCourse.Plotting;

/// <summary>
/// A sequence of numbers for a chart. Arrays of <see cref="double"/>, <see cref="float"/> and <see cref="int"/>
/// convert implicitly, so a notebook passes whatever array it has: <c>Charts.EstimatorDistribution("…", estimates, exact)</c>.
/// The values are copied into a new <see cref="double"/> array when converted.
/// </summary>
public readonly struct Series
{
    private readonly double[]? _values;

    /// <summary>Wraps a copy of <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentNullException">values is null.</exception>
    public Series(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values.ToArray();
    }

    private Series(double[]? values, bool _) => _values = values;

    /// <summary>Number of values (0 for a default or null series).</summary>
    public int Length => _values?.Length ?? 0;

    /// <summary>Value i.</summary>
    public double this[int i] => Values[i];

    /// <summary>The values as an array owned by this series (do not modify).</summary>
    internal double[] Values => _values ?? [];

    /// <summary>A copy of the values.</summary>
    public double[] ToArray() => (double[])Values.Clone();

    /// <summary>Copies a <see cref="double"/> array (null stays null, and the chart method names it).</summary>
    public static implicit operator Series(double[]? values) => new(values is null ? null : (double[])values.Clone(), true);

    /// <summary>Widens a <see cref="float"/> array to <see cref="double"/> (null stays null).</summary>
    public static implicit operator Series(float[]? values) => new(values is null ? null : Array.ConvertAll(values, v => (double)v), true);

    /// <summary>Widens an <see cref="int"/> array to <see cref="double"/> (null stays null).</summary>
    public static implicit operator Series(int[]? values) => new(values is null ? null : Array.ConvertAll(values, v => (double)v), true);

    /// <summary>Copies a list of <see cref="double"/> (null stays null).</summary>
    public static implicit operator Series(List<double>? values) => new(values?.ToArray(), true);

    /// <summary>Throws when the series is null or, if <paramref name="length"/> is given, has another length.</summary>
    internal double[] Require(string name, int? length = null, bool allowEmpty = false)
    {
        if (_values is null)
            throw new ArgumentNullException(name);
        if (length is int n && _values.Length != n)
            throw new ArgumentException($"{name} has {_values.Length} values but {n} are needed.", name);
        if (!allowEmpty && _values.Length == 0)
            throw new ArgumentException($"{name} is empty.", name);
        return _values;
    }
}
