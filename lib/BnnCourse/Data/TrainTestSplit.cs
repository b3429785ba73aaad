namespace BnnCourse.Data;

/// <summary>
/// Disjoint index sets into a data set: the training part and the held-out part. <see cref="Splits"/> returns them sorted;
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
}
