namespace BnnCourse.Data;

/// <summary>One confidence bin of a reliability diagram: the points whose confidence lies in (Lower, Upper].</summary>
/// <param name="Lower">Lower edge (exclusive; the first bin also holds confidence 0).</param>
/// <param name="Upper">Upper edge (inclusive).</param>
/// <param name="Count">Number of points in the bin.</param>
/// <param name="MeanConfidence">Mean of their confidences (NaN when Count = 0).</param>
/// <param name="Accuracy">Fraction of them classified correctly (NaN when Count = 0).</param>
public readonly record struct ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);
