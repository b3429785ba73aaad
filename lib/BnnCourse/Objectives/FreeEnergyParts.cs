namespace BnnCourse;

/// <summary>
/// One evaluation of a minibatch free energy Fᵢ = <see cref="ComplexityCost"/> + <see cref="LikelihoodCost"/>,
/// with the unweighted pieces alongside (for plotting the two parts separately).
/// </summary>
/// <param name="ComplexityCost">The weighted complexity cost, weight × KL (see <see cref="KlWeighting"/>).</param>
/// <param name="LikelihoodCost">The weighted likelihood cost, weight × <paramref name="NegativeLogLikelihood"/>.</param>
/// <param name="Kl">KL(q ‖ P) summed over layers (closed form, or the Monte Carlo estimate averaged over the S samples), unweighted.</param>
/// <param name="NegativeLogLikelihood">−Σ_{rows} log p(y | x, w), averaged over the S weight samples, unweighted.</param>
public readonly record struct FreeEnergyParts(double ComplexityCost, double LikelihoodCost, double Kl, double NegativeLogLikelihood)
{
    /// <summary>Fᵢ = complexity cost + likelihood cost.</summary>
    public double Total => ComplexityCost + LikelihoodCost;

    /// <summary>Component-wise sum (epoch totals).</summary>
    public static FreeEnergyParts operator +(FreeEnergyParts a, FreeEnergyParts b)
        => new(a.ComplexityCost + b.ComplexityCost, a.LikelihoodCost + b.LikelihoodCost, a.Kl + b.Kl, a.NegativeLogLikelihood + b.NegativeLogLikelihood);

    /// <summary>Every part multiplied by <paramref name="factor"/>.</summary>
    public FreeEnergyParts Scale(double factor)
        => new(ComplexityCost * factor, LikelihoodCost * factor, Kl * factor, NegativeLogLikelihood * factor);
}
