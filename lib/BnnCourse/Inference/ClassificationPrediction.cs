using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// A Monte Carlo classification predictive: S sampled class-probability vectors per input, their mean p̄ (the
/// predictive distribution), and the split of its entropy into expected entropy (aleatoric) and mutual
/// information (epistemic, BALD); see <see cref="Metrics.DecomposeEntropy"/>.
/// </summary>
public sealed class ClassificationPrediction
{
    /// <summary>Builds the predictive from sampled probabilities, S × N × K (element (s, i, k) at (s·N + i)·K + k; kept, not copied).</summary>
    /// <exception cref="ArgumentException">Inconsistent lengths.</exception>
    public ClassificationPrediction(float[] sampledProbabilities, int samples, int classes)
    {
        ArgumentNullException.ThrowIfNull(sampledProbabilities);
        int n = Check.Points(sampledProbabilities.Length, samples, classes, nameof(sampledProbabilities));
        Samples = samples;
        Classes = classes;
        SampledProbabilities = sampledProbabilities;
        Probabilities = new Matrix(n, classes);
        PredictiveEntropy = new double[n];
        ExpectedEntropy = new double[n];
        MutualInformation = new double[n];
        Metrics.DecomposeEntropy(sampledProbabilities, samples, classes, Probabilities.Data, PredictiveEntropy, ExpectedEntropy, MutualInformation);
    }

    /// <summary>S, the number of weight samples.</summary>
    public int Samples { get; }

    /// <summary>K, the number of classes.</summary>
    public int Classes { get; }

    /// <summary>N, the number of inputs.</summary>
    public int Count => Probabilities.Rows;

    /// <summary>p_s(k | xᵢ), S × N × K.</summary>
    public float[] SampledProbabilities { get; }

    /// <summary>The predictive probabilities p̄(k | xᵢ) = (1/S) Σ_s p_s(k | xᵢ), N × K.</summary>
    public Matrix Probabilities { get; }

    /// <summary>H[p̄] per input (total uncertainty, nats).</summary>
    public double[] PredictiveEntropy { get; }

    /// <summary>(1/S) Σ_s H[p_s] per input (aleatoric part, nats).</summary>
    public double[] ExpectedEntropy { get; }

    /// <summary>H[p̄] − (1/S) Σ_s H[p_s] ≥ 0 per input (epistemic part, the BALD score, nats).</summary>
    public double[] MutualInformation { get; }

    /// <summary>The most probable class under p̄ for each input (first on ties).</summary>
    public int[] PredictedLabels() => [.. Enumerable.Range(0, Count).Select(i => Metrics.ArgMax(Probabilities.Row(i)))];

    /// <summary>The probability p̄ assigns to its predicted class, per input (the confidence a reliability diagram bins).</summary>
    public double[] Confidence() => [.. PredictedLabels().Select((k, i) => (double)Probabilities[i, k])];
}
