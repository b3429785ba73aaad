using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>Seeded random permutations, train/test splits and k-fold partitions of the indices 0..n−1.</summary>
/// <remarks>The same generator state gives the same split. Index sets are returned sorted ascending.</remarks>
public static class Splits
{
    /// <summary>A uniformly random permutation of 0..n−1 (Fisher–Yates).</summary>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0.</exception>
    public static int[] Permutation(int n, Xoshiro256 random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentNullException.ThrowIfNull(random);
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    /// <summary>
    /// A random split holding out round(n · <paramref name="testFraction"/>) examples.
    /// Both parts must be non-empty.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">testFraction outside (0, 1), or a part would be empty.</exception>
    public static TrainTestSplit TrainTest(int n, double testFraction, Xoshiro256 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must lie in (0, 1).");
        int test = (int)Math.Round(n * testFraction, MidpointRounding.AwayFromZero);
        if (n < 2 || test < 1 || test > n - 1)
            throw new ArgumentOutOfRangeException(nameof(n), n, $"With n = {n} and test fraction {testFraction} one part would be empty ({test} held out).");
        var p = Permutation(n, random);
        return new TrainTestSplit(Sorted(p.AsSpan(test)), Sorted(p.AsSpan(0, test)));
    }

    /// <summary>
    /// k-fold cross-validation: a random partition of 0..n−1 into k test folds whose sizes differ by at most one
    /// (the first n mod k folds have one more); fold f trains on everything outside test fold f.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2 or k &gt; n.</exception>
    public static TrainTestSplit[] KFold(int n, int k, Xoshiro256 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), k, "k-fold needs k ≥ 2.");
        if (k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k = {k} folds need at least k examples but n = {n}.");
        var p = Permutation(n, random);
        var folds = new TrainTestSplit[k];
        int start = 0;
        for (int f = 0; f < k; f++)
        {
            int size = n / k + (f < n % k ? 1 : 0);
            var train = new int[n - size];
            p.AsSpan(0, start).CopyTo(train);
            p.AsSpan(start + size).CopyTo(train.AsSpan(start));
            folds[f] = new TrainTestSplit(Sorted(train), Sorted(p.AsSpan(start, size)));
            start += size;
        }
        return folds;
    }

    static int[] Sorted(ReadOnlySpan<int> s)
    {
        var a = s.ToArray();
        Array.Sort(a);
        return a;
    }
}
