namespace BnnCourse.Data;

/// <summary>The expected calibration error and the per-bin data behind it (a reliability diagram).</summary>
/// <param name="ExpectedCalibrationError">ECE = Σ_b (n_b / N)·|accuracy_b − confidence_b|.</param>
/// <param name="MaximumCalibrationError">MCE = max over non-empty bins of |accuracy_b − confidence_b|.</param>
/// <param name="Bins">The bins, in increasing confidence.</param>
public sealed record CalibrationReport(double ExpectedCalibrationError, double MaximumCalibrationError, IReadOnlyList<ReliabilityBin> Bins);
