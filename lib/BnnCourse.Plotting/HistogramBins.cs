namespace BnnCourse.Plotting;

/// <summary>
/// Equal-width bins over [min, max] of the data, counted here rather than in plotly.js so that a chart's
/// counts can be checked in tests and a reference line can be drawn to the tallest bar.
/// </summary>
internal sealed class HistogramBins
{
    public double[] Centers { get; }
    public double[] Counts { get; }
    public double Width { get; }

    private HistogramBins(double[] centers, double[] counts, double width)
    {
        Centers = centers;
        Counts = counts;
        Width = width;
    }

    /// <summary>Counts the finite values of <paramref name="data"/> into <paramref name="bins"/> bins; the last bin is closed.</summary>
    public static HistogramBins Count(double[] data, int bins, string parameterName)
    {
        if (bins < 1)
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "bins must be ≥ 1.");
        var finite = data.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
            throw new ArgumentException($"{parameterName} has no finite value.", parameterName);
        double min = finite.Min(), max = finite.Max();
        if (max == min)
        {
            // All values equal: one bar of unit width centred on the value.
            return new HistogramBins([min], [finite.Length], 1.0);
        }
        double width = (max - min) / bins;
        var counts = new double[bins];
        foreach (var v in finite)
            counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
        var centers = new double[bins];
        for (int b = 0; b < bins; b++)
            centers[b] = min + (b + 0.5) * width;
        return new HistogramBins(centers, counts, width);
    }
}
