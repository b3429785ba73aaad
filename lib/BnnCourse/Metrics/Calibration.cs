using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>Calibration of predicted class probabilities (Guo et al. 2017, "On Calibration of Modern Neural Networks").</summary>
public static partial class Metrics
{
    /// <summary>
    /// Expected calibration error with B equal-width confidence bins. The confidence of point i is its largest
    /// class probability; bin b holds confidences in (b/B, (b+1)/B] (confidence 0 goes to the first bin).
    /// </summary>
    /// <param name="probabilities">N × K row-major class probabilities.</param>
    /// <param name="classes">K ≥ 1.</param>
    /// <param name="labels">N labels in [0, K).</param>
    /// <param name="bins">B ≥ 1 (15 as in Guo et al.).</param>
    /// <returns>ECE = Σ_b (n_b / N)·|accuracy_b − confidence_b|; MCE = max over non-empty bins of |accuracy_b − confidence_b|;
    /// and the bins of a reliability diagram, in increasing confidence: each holds the points whose confidence lies in
    /// (Lower, Upper], its Count, the MeanConfidence and the Accuracy (the fraction classified correctly; both NaN when Count = 0).</returns>
    /// <exception cref="ArgumentException">Inconsistent shapes, no points, a label outside [0, K), or B &lt; 1.</exception>
    public static (double ExpectedCalibrationError, double MaximumCalibrationError,
        IReadOnlyList<(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy)> Bins) Calibration(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels, int bins = 15)
    {
        Validate(probabilities, classes, labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var count = new int[bins];
        var confidenceSum = new double[bins];
        var correct = new int[bins];
        for (int i = 0; i < labels.Length; i++)
        {
            var p = probabilities.Slice(i * classes, classes);
            int predicted = ArgMax(p);
            double confidence = p[predicted];
            int b = Math.Clamp((int)Math.Ceiling(confidence * bins) - 1, 0, bins - 1);
            count[b]++;
            confidenceSum[b] += confidence;
            if (predicted == labels[i]) correct[b]++;
        }
        var result = new (double Lower, double Upper, int Count, double MeanConfidence, double Accuracy)[bins];
        double ece = 0, mce = 0;
        for (int b = 0; b < bins; b++)
        {
            double conf = count[b] > 0 ? confidenceSum[b] / count[b] : double.NaN;
            double acc = count[b] > 0 ? (double)correct[b] / count[b] : double.NaN;
            result[b] = ((double)b / bins, (double)(b + 1) / bins, count[b], conf, acc);
            if (count[b] == 0) continue;
            double gap = Math.Abs(acc - conf);
            ece += (double)count[b] / labels.Length * gap;
            mce = Math.Max(mce, gap);
        }
        return (ece, mce, result);
    }

    /// <summary><see cref="Calibration(ReadOnlySpan{float}, int, ReadOnlySpan{int}, int)"/> for an N × K probability matrix (e.g. <c>ClassificationPrediction.Probabilities</c>).</summary>
    /// <exception cref="ArgumentException">As the span form.</exception>
    public static (double ExpectedCalibrationError, double MaximumCalibrationError,
        IReadOnlyList<(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy)> Bins) Calibration(Matrix probabilities, ReadOnlySpan<int> labels, int bins = 15)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return Calibration(probabilities.Data, probabilities.Cols, labels, bins);
    }
}
