namespace BnnCourse.Numerics;

/// <summary>Constants shared by the log-densities of the library.</summary>
internal static class MathConstants
{
    /// <summary>½ log 2π, the normalising term of every Gaussian log-density.</summary>
    public const double HalfLogTwoPi = 0.91893853320467274178;
}
