using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Scoring;

public class ClassificationMetricsTests
{
    static readonly float[] P = [0.7f, 0.2f, 0.1f, 0.1f, 0.5f, 0.4f];
    static readonly int[] Y = [0, 2];

    [Fact]
    public void Accuracy_brier_and_nll_match_hand_computation()
    {
        Assert.Equal(0.5, Metrics.Accuracy(P, 3, Y));
        // (0.3² + 0.2² + 0.1²) = 0.14 and (0.1² + 0.5² + 0.6²) = 0.62, mean 0.38
        Assert.Equal(0.38, Metrics.BrierScore(P, 3, Y), 1e-6);
        Assert.Equal(-(Math.Log(0.7) + Math.Log(0.4)) / 2, Metrics.MeanNegativeLogLikelihood(P, 3, Y), 1e-6);
        var m = new Matrix(2, 3, P);
        Assert.Equal(0.5, Metrics.Accuracy(m, Y));
    }

    [Fact]
    public void Brier_score_spans_zero_to_two()
    {
        Assert.Equal(0, Metrics.BrierScore([1f, 0f], 2, [0]));
        Assert.Equal(2, Metrics.BrierScore([1f, 0f], 2, [1]));
    }

    [Fact]
    public void Metric_arguments_are_validated_with_their_names()
    {
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => Metrics.Accuracy(P, 3, [0, 3])).ParamName);
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => Metrics.Accuracy(P, 2, Y)).ParamName);
        Assert.Equal("bins", Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.Calibration(P, 3, Y, 0)).ParamName);
    }

    [Fact]
    public void Ece_and_reliability_bins_match_hand_computation()
    {
        // confidences 0.875 (right), 0.75 (wrong), 0.625 (right), 0.5625 (wrong); all exact in float.
        float[] p = [0.875f, 0.125f, 0.75f, 0.25f, 0.375f, 0.625f, 0.4375f, 0.5625f];
        var r = Metrics.Calibration(p, 2, [0, 1, 1, 0], bins: 4);
        Assert.Equal(4, r.Bins.Count);
        Assert.Equal((0.5, 0.75, 3), (r.Bins[2].Lower, r.Bins[2].Upper, r.Bins[2].Count)); // 0.75 sits in (0.5, 0.75]
        Assert.Equal(1.9375 / 3, r.Bins[2].MeanConfidence, 1e-12);
        Assert.Equal(1.0 / 3, r.Bins[2].Accuracy, 1e-12);
        Assert.Equal((1, 0.875, 1.0), (r.Bins[3].Count, r.Bins[3].MeanConfidence, r.Bins[3].Accuracy));
        Assert.Equal(0, r.Bins[0].Count);
        Assert.True(double.IsNaN(r.Bins[0].Accuracy));
        Assert.Equal(0.75 * 0.3125 + 0.25 * 0.125, r.ExpectedCalibrationError, 1e-12);
        Assert.Equal(0.3125, r.MaximumCalibrationError, 1e-12);
        Assert.Equal(r.Bins, Metrics.Calibration(new Matrix(4, 2, p), [0, 1, 1, 0], bins: 4).Bins);
    }

    [Fact]
    public void Ece_of_a_calibrated_classifier_is_within_its_sampling_bound_and_an_overconfident_one_is_not()
    {
        // Binary classifier that predicts p and is right with probability exactly its confidence.
        // In each bin |accuracy − confidence| is a mean of n_b independent zero-mean terms 1[correct] − c_j,
        // with standard error √(Σ c_j(1 − c_j)) / n_b; ECE ≤ (4/N) Σ_b √(Σ_{j∈b} c_j(1 − c_j)) at 4 SE per bin.
        const int n = 20000, bins = 10;
        var random = new Xoshiro256(31);
        var p = new float[2 * n];
        var overconfident = new float[2 * n];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            float q = (float)random.NextDouble();
            p[2 * i] = 1 - q; p[2 * i + 1] = q;
            labels[i] = random.NextDouble() < q ? 1 : 0;
            float sharp = q > 0.5f ? MathF.Min(1, q + 0.2f) : MathF.Max(0, q - 0.2f);
            overconfident[2 * i] = 1 - sharp; overconfident[2 * i + 1] = sharp;
        }
        var varianceSum = new double[bins];
        for (int i = 0; i < n; i++)
        {
            double c = Math.Max(p[2 * i], p[2 * i + 1]);
            varianceSum[Math.Clamp((int)Math.Ceiling(c * bins) - 1, 0, bins - 1)] += c * (1 - c);
        }
        double bound = 4.0 / n * varianceSum.Sum(Math.Sqrt);
        double ece = Metrics.Calibration(p, 2, labels, bins).ExpectedCalibrationError;
        Assert.InRange(ece, 0, bound);
        Assert.True(Metrics.Calibration(overconfident, 2, labels, bins).ExpectedCalibrationError > 3 * bound);
    }
}
