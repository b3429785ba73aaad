using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>Inputs X (n × d) paired with real-valued targets Y (n × t), one example per row.</summary>
public sealed class RegressionDataset
{
    /// <summary>The inputs, n × d.</summary>
    public Matrix X { get; }

    /// <summary>The targets, n × t (t = 1 for the course's regressions).</summary>
    public Matrix Y { get; }

    /// <summary>Number of examples n.</summary>
    public int Count => X.Rows;

    /// <summary>Pairs inputs and targets (no copy).</summary>
    /// <exception cref="ArgumentException">Row counts differ.</exception>
    public RegressionDataset(Matrix x, Matrix y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows != y.Rows) throw new ArgumentException($"x has {x.Rows} rows but y has {y.Rows}.", nameof(y));
        X = x;
        Y = y;
    }

    /// <summary>The examples at <paramref name="indices"/>, in that order (copies).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index outside [0, n).</exception>
    public RegressionDataset Subset(ReadOnlySpan<int> indices) => new(RowGather.Take(X, indices), RowGather.Take(Y, indices));

    /// <summary>The training and test parts of a split.</summary>
    public (RegressionDataset Train, RegressionDataset Test) Split(TrainTestSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return (Subset(split.Train), Subset(split.Test));
    }

    /// <summary>Both matrices mapped through their standardisers (new matrices).</summary>
    public RegressionDataset Standardize(Standardizer inputs, Standardizer targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        return new(inputs.Apply(X), targets.Apply(Y));
    }
}
