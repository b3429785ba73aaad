using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// Disjoint index sets into a data set: the training part and the held-out part. <see cref="Random"/> and <see cref="KFold"/> draw them (seeded, sorted ascending);
/// index sets read from published split files may come in any order, which is kept (a subset takes the rows in that order).
/// </summary>
/// <param name="Train">Indices of the training examples.</param>
/// <param name="Test">Indices of the held-out examples.</param>
/// <exception cref="ArgumentException">A negative or repeated index, or an index in both parts (naming it and its positions).</exception>
public sealed record TrainTestSplit(int[] Train, int[] Test)
{
    /// <summary>Indices of the training examples.</summary>
    public int[] Train { get; } = Validated(Train, Test, nameof(Train), nameof(Test));

    /// <summary>Indices of the held-out examples.</summary>
    public int[] Test { get; } = Validated(Test, Train, nameof(Test), nameof(Train));

    static int[] Validated(int[] part, int[] other, string name, string otherName)
    {
        ArgumentNullException.ThrowIfNull(part, name);
        ArgumentNullException.ThrowIfNull(other, otherName);
        var seen = new Dictionary<int, int>(part.Length);
        for (int i = 0; i < part.Length; i++)
        {
            if (part[i] < 0) throw new ArgumentException($"{name}[{i}] = {part[i]} is negative.", name);
            if (!seen.TryAdd(part[i], i)) throw new ArgumentException($"{name} repeats index {part[i]} (positions {seen[part[i]]} and {i}).", name);
        }
        if (name == nameof(Test))
            for (int i = 0; i < other.Length; i++)
                if (seen.TryGetValue(other[i], out int j))
                    throw new ArgumentException($"Index {other[i]} is in both parts (Train[{i}] and Test[{j}]).", name);
        return part;
    }

    /// <summary>
    /// A random split holding out round(n · <paramref name="testFraction"/>) examples.
    /// Both parts must be non-empty.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">testFraction outside (0, 1), or a part would be empty.</exception>
    public static TrainTestSplit Random(int n, double testFraction, Xoshiro256 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must lie in (0, 1).");
        int test = (int)Math.Round(n * testFraction, MidpointRounding.AwayFromZero);
        if (n < 2 || test < 1 || test > n - 1)
            throw new ArgumentOutOfRangeException(nameof(n), n, $"With n = {n} and test fraction {testFraction} one part would be empty ({test} held out).");
        var p = random.Permutation(n);
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
        var p = random.Permutation(n);
        var folds = new TrainTestSplit[k];
        int start = 0;
        for (int f = 0; f < k; f++)
        {
            int size = n / k + (f < n % k ? 1 : 0);
            folds[f] = new TrainTestSplit(Sorted([.. p.AsSpan(0, start), .. p.AsSpan(start + size)]), Sorted(p.AsSpan(start, size)));
            start += size;
        }
        return folds;
    }

    static int[] Sorted(ReadOnlySpan<int> s) => [.. s.ToArray().Order()];
}
