namespace BnnCourse;

/// <summary>
/// A fully factorised prior P(w) = Πᵢ p(wᵢ) over the weights of a layer: its log-density and the gradient of
/// the log-density, the two things the Monte Carlo complexity cost log q(w) − log P(w) needs.
/// </summary>
public interface IPrior
{
    /// <summary>log P(w) = Σᵢ log p(wᵢ), summed in double.</summary>
    double LogDensity(ReadOnlySpan<float> w);

    /// <summary>
    /// log P(w) = Σᵢ log p(wᵢ), and ∂ log p(wᵢ)/∂wᵢ written (not added) into <paramref name="gradient"/>
    /// (same length as w).
    /// </summary>
    double LogDensity(ReadOnlySpan<float> w, Span<float> gradient);
}
