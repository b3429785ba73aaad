using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Where a minibatch sits in an epoch, which is what the KL weighting needs: its 1-based index i among
/// <paramref name="Count"/> = M minibatches covering a training set of <paramref name="DatasetSize"/> = N examples.
/// </summary>
/// <param name="Index">i, 1 ≤ i ≤ M.</param>
/// <param name="Count">M ≥ 1, the number of minibatches per epoch.</param>
/// <param name="DatasetSize">N ≥ 1, the number of training examples.</param>
internal readonly record struct Minibatch(int Index, int Count, int DatasetSize)
{
    /// <summary>The whole data set as one minibatch (i = M = 1): the weights give the full-data free energy F.</summary>
    public static Minibatch FullData(int datasetSize) => new(1, 1, datasetSize);

    /// <summary>Throws when the fields are inconsistent (M ≥ 1, N ≥ 1, 1 ≤ i ≤ M), naming the parameter <paramref name="parameterName"/> that carried them.</summary>
    internal void Validate(string parameterName)
    {
        if (Count < 1 || DatasetSize < 1 || Index < 1 || Index > Count)
            throw new ArgumentOutOfRangeException(parameterName, this,
                $"{parameterName} = {this} is inconsistent: it needs Count ≥ 1, DatasetSize ≥ 1 and 1 ≤ Index ≤ Count.");
    }
}
