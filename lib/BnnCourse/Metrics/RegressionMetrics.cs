namespace BnnCourse.Data;

/// <summary>Point-prediction errors for regression.</summary>
public static partial class Metrics
{
    /// <summary>Root mean squared error √((1/N) Σᵢ (ŷᵢ − yᵢ)²), accumulated in double.</summary>
    /// <exception cref="ArgumentException">Lengths differ or N = 0.</exception>
    public static double Rmse(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target)
    {
        Check.Targets(target.Length, (predicted.Length, nameof(predicted)));
        double sum = 0;
        for (int i = 0; i < target.Length; i++)
        {
            double r = (double)predicted[i] - target[i];
            sum += r * r;
        }
        return Math.Sqrt(sum / target.Length);
    }
}
