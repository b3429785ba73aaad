using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// Seeded 2-D classification problems: two interleaving moons and K interleaved spirals.
/// Point i belongs to class i mod K, so classes are balanced and interleaved; X is n × 2.
/// </summary>
public static partial class Toy
{
    /// <summary>
    /// Two moons: class 0 on the upper unit half circle (cos t, sin t), class 1 on the lower half circle
    /// (1 − cos t, 0.5 − sin t), t ~ U(0, π), plus isotropic Gaussian noise of standard deviation σ.
    /// </summary>
    /// <exception cref="ArgumentException">n &lt; 2 or σ &lt; 0 or not finite.</exception>
    public static ClassificationDataset TwoMoons(int n, Xoshiro256 random, double noiseStd = 0.1)
    {
        Validate(n, random, noiseStd, 2);
        return Sample(n, 2, random, noiseStd, c =>
        {
            double t = Math.PI * random.NextDouble();
            return c == 0 ? (Math.Cos(t), Math.Sin(t)) : (1 - Math.Cos(t), 0.5 - Math.Sin(t));
        });
    }

    /// <summary>
    /// K spirals: a point of class k at radius r ~ U(0, 1) has angle θ = 2πk/K + 2π·turns·r and lies at
    /// r(cos θ, sin θ), plus isotropic Gaussian noise of standard deviation σ.
    /// </summary>
    /// <exception cref="ArgumentException">classes &lt; 2, n &lt; classes, σ &lt; 0 or not finite, turns not finite or ≤ 0.</exception>
    public static ClassificationDataset Spirals(int n, Xoshiro256 random, int classes = 2, double noiseStd = 0.05, double turns = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Validate(n, random, noiseStd, classes);
        if (!(turns > 0 && double.IsFinite(turns)))
            throw new ArgumentOutOfRangeException(nameof(turns), turns, "The number of turns must be finite and > 0.");
        return Sample(n, classes, random, noiseStd, c =>
        {
            double r = random.NextDouble();
            double theta = 2 * Math.PI * c / classes + 2 * Math.PI * turns * r;
            return (r * Math.Cos(theta), r * Math.Sin(theta));
        });
    }

    // Point i has class c = i mod K; the 2n noise values are drawn first, then position(c) point by point.
    static ClassificationDataset Sample(int n, int classes, Xoshiro256 random, double noiseStd, Func<int, (double X, double Y)> position)
    {
        var x = new Matrix(n, 2);
        var labels = new int[n];
        var noise = new float[2 * n];
        random.FillStandardNormal(noise);
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % classes;
            var (px, py) = position(labels[i]);
            x[i, 0] = (float)(px + noiseStd * noise[2 * i]);
            x[i, 1] = (float)(py + noiseStd * noise[2 * i + 1]);
        }
        return new ClassificationDataset(x, labels, classes);
    }

    static void Validate(int n, Xoshiro256 random, double noiseStd, int classes)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (n < classes) throw new ArgumentOutOfRangeException(nameof(n), n, $"Need at least one point per class ({classes}).");
        if (!(noiseStd >= 0 && double.IsFinite(noiseStd)))
            throw new ArgumentOutOfRangeException(nameof(noiseStd), noiseStd, "The noise standard deviation must be finite and ≥ 0.");
        Require.ArrayLength(2, n, "2 coordinates", nameof(n));
    }
}
