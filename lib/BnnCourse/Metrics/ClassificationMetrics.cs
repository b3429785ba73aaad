using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// Accuracy, Brier score and negative log-likelihood of predicted class probabilities.
/// Probabilities are N × K row-major (a <see cref="Matrix"/>'s Data, or a span with the class count K);
/// labels are integers in [0, K).
/// </summary>
public static partial class Metrics
{
    /// <summary>Fraction of points whose most probable class (the first on ties) equals the label.</summary>
    /// <exception cref="ArgumentException">Inconsistent shapes, no points, or a label outside [0, K).</exception>
    public static double Accuracy(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels)
    {
        Validate(probabilities, classes, labels);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
            if (ArgMax(probabilities.Slice(i * classes, classes)) == labels[i]) correct++;
        return (double)correct / labels.Length;
    }

    /// <summary><see cref="Accuracy(ReadOnlySpan{float}, int, ReadOnlySpan{int})"/> for an N × K matrix.</summary>
    public static double Accuracy(Matrix probabilities, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return Accuracy(probabilities.Data, probabilities.Cols, labels);
    }

    /// <summary>
    /// Multi-class Brier score (Brier 1950): (1/N) Σᵢ Σ_k (p_ik − 1[yᵢ = k])², summed over classes and averaged
    /// over points, so it lies in [0, 2] (0 for certain and right, 2 for certain and wrong). Some libraries
    /// divide by K as well or score only the true class: this is the original definition.
    /// </summary>
    /// <exception cref="ArgumentException">Inconsistent shapes, no points, or a label outside [0, K).</exception>
    public static double BrierScore(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels)
    {
        Validate(probabilities, classes, labels);
        double sum = 0;
        for (int i = 0; i < labels.Length; i++)
            for (int k = 0; k < classes; k++)
            {
                double r = probabilities[i * classes + k] - (k == labels[i] ? 1.0 : 0.0);
                sum += r * r;
            }
        return sum / labels.Length;
    }

    /// <summary>Mean negative log-likelihood −(1/N) Σᵢ log p_i,yᵢ (nats); +∞ if a true class has probability 0.</summary>
    /// <exception cref="ArgumentException">Inconsistent shapes, no points, or a label outside [0, K).</exception>
    public static double MeanNegativeLogLikelihood(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels)
    {
        Validate(probabilities, classes, labels);
        double sum = 0;
        for (int i = 0; i < labels.Length; i++) sum -= Math.Log(probabilities[i * classes + labels[i]]);
        return sum / labels.Length;
    }

    /// <summary>The index of the largest value (the first one on ties).</summary>
    /// <exception cref="ArgumentException">Empty span.</exception>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("ArgMax of an empty span.", nameof(values));
        int best = 0;
        for (int k = 1; k < values.Length; k++)
            if (values[k] > values[best]) best = k;
        return best;
    }

    internal static void Validate(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        Check.NotEmpty(labels.Length, nameof(labels));
        Check.SameLength(labels.Length * classes, "labels.Length · classes", (probabilities.Length, nameof(probabilities)));
        Check.Labels(labels, classes);
    }
}
