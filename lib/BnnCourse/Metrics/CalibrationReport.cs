namespace BnnCourse.Data;

/// <summary>The expected calibration error and the per-bin data behind it (a reliability diagram).</summary>
/// <param name="ExpectedCalibrationError">ECE = Σ_b (n_b / N)·|accuracy_b − confidence_b|.</param>
/// <param name="MaximumCalibrationError">MCE = max over non-empty bins of |accuracy_b − confidence_b|.</param>
/// <param name="Bins">The bins, in increasing confidence: each holds the points whose confidence lies in (Lower, Upper]
/// (the first bin also holds confidence 0), their Count, the MeanConfidence and the Accuracy (the fraction classified
/// correctly; both NaN when Count = 0).</param>
public sealed record CalibrationReport(double ExpectedCalibrationError, double MaximumCalibrationError,
    IReadOnlyList<(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy)> Bins);
