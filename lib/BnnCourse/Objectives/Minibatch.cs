using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Where a minibatch sits in an epoch, which is what the KL weighting needs: its 1-based index i among
/// <paramref name="Count"/> = M minibatches covering a training set of <paramref name="DatasetSize"/> = N examples.
/// </summary>
/// <param name="Index">i, 1 ≤ i ≤ M.</param>
/// <param name="Count">M ≥ 1, the number of minibatches per epoch.</param>
/// <param name="DatasetSize">N ≥ 1, the number of training examples.</param>
public readonly record struct Minibatch(int Index, int Count, int DatasetSize)
{
    /// <summary>The whole data set as one minibatch (i = M = 1): the weights give the full-data free energy F.</summary>
    public static Minibatch FullData(int datasetSize) => new(1, 1, datasetSize);

    /// <summary>Throws when the fields are inconsistent.</summary>
    /// <exception cref="ArgumentOutOfRangeException">M &lt; 1, N &lt; 1, or i outside 1…M.</exception>
    public void Validate()
    {
        Require.Positive(Count, nameof(Count));
        Require.Positive(DatasetSize, nameof(DatasetSize));
        Require.InRange(Index, 1, Count, nameof(Index));
    }
}
