using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// Inputs X (n × d) paired with integer class labels in [0, K). Labels are stored as <c>int[]</c>, the form a
/// softmax cross-entropy and the metrics take; <see cref="OneHot"/> gives the n × K indicator matrix when needed.
/// </summary>
public sealed class ClassificationDataset
{
    /// <summary>The inputs, n × d.</summary>
    public Matrix X { get; }

    /// <summary>The labels, length n, each in [0, <see cref="ClassCount"/>).</summary>
    public int[] Labels { get; }

    /// <summary>Number of classes K.</summary>
    public int ClassCount { get; }

    /// <summary>Number of examples n.</summary>
    public int Count => X.Rows;

    /// <summary>Pairs inputs and labels (no copy).</summary>
    /// <exception cref="ArgumentException">Lengths differ, K &lt; 1, or a label outside [0, K).</exception>
    public ClassificationDataset(Matrix x, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (x.Rows != labels.Length) throw new ArgumentException($"x has {x.Rows} rows but there are {labels.Length} labels.", nameof(labels));
        Check.Labels(labels, classCount);
        X = x;
        Labels = labels;
        ClassCount = classCount;
    }

    /// <summary>The n × K one-hot matrix: row i has a 1 in column Labels[i].</summary>
    public Matrix OneHot()
    {
        var m = new Matrix(Count, ClassCount);
        for (int i = 0; i < Count; i++) m[i, Labels[i]] = 1f;
        return m;
    }

    /// <summary>How many examples each class has (length K).</summary>
    public int[] ClassCounts()
    {
        var c = new int[ClassCount];
        foreach (int l in Labels) c[l]++;
        return c;
    }

    /// <summary>The examples at <paramref name="indices"/>, in that order (copies).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index outside [0, n).</exception>
    public ClassificationDataset Subset(ReadOnlySpan<int> indices)
    {
        var x = RowGather.Take(X, indices);
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++) labels[i] = Labels[indices[i]];
        return new(x, labels, ClassCount);
    }

    /// <summary>The training and test parts of a split.</summary>
    public (ClassificationDataset Train, ClassificationDataset Test) Split(TrainTestSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return (Subset(split.Train), Subset(split.Test));
    }
}
