namespace BnnCourse.Data;

/// <summary>Argument checks shared by the metrics (public edge only; the loops do not re-check).</summary>
static class Check
{
    /// <summary>Each (length, name) pair must have the length <paramref name="expected"/> that <paramref name="what"/> needs.</summary>
    public static void SameLength(int expected, string what, params ReadOnlySpan<(int Length, string Name)> spans)
    {
        foreach (var (length, name) in spans)
            if (length != expected)
                throw new ArgumentException($"{name} has length {length} but {what} needs {expected}.", name);
    }

    /// <summary>N = <paramref name="n"/> ≥ 1 targets, and one value per target in each of <paramref name="spans"/>.</summary>
    public static void Targets(int n, params ReadOnlySpan<(int Length, string Name)> spans)
    {
        NotEmpty(n, "target");
        SameLength(n, "target", spans);
    }

    /// <summary>Every label in [0, <paramref name="classes"/>) (the data sets' constructor and the classification metrics).</summary>
    public static void Labels(ReadOnlySpan<int> labels, int classes)
    {
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"labels[{i}] = {labels[i]} is outside [0, {classes}).", nameof(labels));
    }

    public static void NotEmpty(int n, string name)
    {
        if (n == 0) throw new ArgumentException($"{name} is empty: a metric needs at least one point.", name);
    }

    /// <summary>Number of points N in a layout of <paramref name="samples"/> × N × <paramref name="classes"/> values.</summary>
    public static int Points(int length, int samples, int classes, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        long block = (long)samples * classes;
        if (length == 0 || length % block != 0)
            throw new ArgumentException($"{name} has length {length}, not a positive multiple of samples · classes = {samples}·{classes}.", name);
        return (int)(length / block);
    }

    /// <summary>Every value finite and ≥ 0, or &gt; 0 when <paramref name="positive"/> (variances, standard deviations).</summary>
    public static void Finite(ReadOnlySpan<float> values, string name, bool positive)
    {
        for (int i = 0; i < values.Length; i++)
            if (!(float.IsFinite(values[i]) && (values[i] > 0 || (!positive && values[i] == 0))))
                throw new ArgumentException($"{name}[{i}] = {values[i]} must be finite and {(positive ? ">" : "≥")} 0.", name);
    }

    public static void Scale(double scale, string name)
    {
        if (!(scale > 0 && double.IsFinite(scale)))
            throw new ArgumentOutOfRangeException(name, scale, "The target scale must be finite and > 0.");
    }

    public static void Level(double level, string name)
    {
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(name, level, "The interval level must lie in (0, 1), e.g. 0.95.");
    }
}
