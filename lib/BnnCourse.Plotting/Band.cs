namespace BnnCourse.Plotting;

/// <summary>A credible band: for each x, the interval [Lower, Upper] (Lower ≤ Upper).</summary>
public sealed class Band
{
    /// <summary>Lower edge of the band at each x.</summary>
    public double[] Lower { get; }

    /// <summary>Upper edge of the band at each x.</summary>
    public double[] Upper { get; }

    /// <summary>A band from its two edges, which must have equal lengths and Lower ≤ Upper everywhere.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or Lower[i] &gt; Upper[i] for some i.</exception>
    public Band(Series lower, Series upper)
    {
        Lower = lower.Require(nameof(lower));
        Upper = upper.Require(nameof(upper), Lower.Length);
        for (int i = 0; i < Lower.Length; i++)
            if (!(Lower[i] <= Upper[i]))
                throw new ArgumentException($"lower[{i}] = {Lower[i]} is not ≤ upper[{i}] = {Upper[i]}.", nameof(lower));
    }

    /// <summary>The band mean ± z·σ at each x (z = 1.96 gives a 95 % Gaussian interval).</summary>
    /// <exception cref="ArgumentException">Lengths differ, σ &lt; 0 or z ≤ 0.</exception>
    public static Band AroundMean(Series mean, Series sigma, double z = 1.96)
    {
        var m = mean.Require(nameof(mean));
        var s = sigma.Require(nameof(sigma), m.Length);
        if (!(z > 0))
            throw new ArgumentOutOfRangeException(nameof(z), z, "z must be > 0.");
        for (int i = 0; i < s.Length; i++)
            if (!(s[i] >= 0))
                throw new ArgumentException($"sigma[{i}] = {s[i]} is not ≥ 0.", nameof(sigma));
        var lower = new double[m.Length];
        var upper = new double[m.Length];
        for (int i = 0; i < m.Length; i++)
        {
            lower[i] = m[i] - z * s[i];
            upper[i] = m[i] + z * s[i];
        }
        return new Band(lower, upper);
    }
}
