namespace BnnCourse;

/// <summary>
/// The softplus map σ = softplus(ρ) = log(1 + e^ρ) from the unconstrained ρ ∈ ℝ to σ &gt; 0, its inverse, its
/// logarithm and its derivative, in double precision and stable for every ρ ∈ [−100, 100] (and beyond).
/// </summary>
/// <remarks>
/// Blundell et al. (2015), §3.2: "we parameterise the standard deviation pointwise as σ = log(1 + exp(ρ))".
/// For ρ ≫ 0, softplus(ρ) = ρ + log(1 + e^(−ρ)) avoids overflow; for ρ ≪ 0 it is log1p(e^ρ) ≈ e^ρ, computed
/// with an accurate log1p so that σ never rounds to 0 while e^ρ is representable.
/// </remarks>
public static class Softplus
{
    /// <summary>σ = softplus(ρ) = log(1 + e^ρ) &gt; 0.</summary>
    public static double Value(double rho) => rho > 0 ? rho + Log1P(Math.Exp(-rho)) : Log1P(Math.Exp(rho));

    /// <summary>log σ = log softplus(ρ), finite for every finite ρ (≈ ρ for ρ ≪ 0).</summary>
    public static double LogValue(double rho)
    {
        if (rho < -30) { double e = Math.Exp(rho); return rho + Log1P(-0.5 * e); } // log(e^ρ(1 − e^ρ/2 + …))
        return Math.Log(Value(rho));
    }

    /// <summary>dσ/dρ = sigmoid(ρ) = 1/(1 + e^(−ρ)).</summary>
    public static double Derivative(double rho)
    {
        if (rho >= 0) return 1.0 / (1.0 + Math.Exp(-rho));
        double e = Math.Exp(rho);
        return e / (1.0 + e);
    }

    /// <summary>ρ = softplus⁻¹(σ) = log(e^σ − 1) for σ &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0, NaN or infinite.</exception>
    public static double Inverse(double sigma)
    {
        if (!(sigma > 0) || double.IsInfinity(sigma))
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, $"sigma must be finite and > 0, got {sigma:R}.");
        return sigma > 20 ? sigma + Log1P(-Math.Exp(-sigma)) : Math.Log(ExpM1(sigma));
    }

    /// <summary>log(1 + x) accurate for small |x| (Goldberg's trick: exact up to one rounding of 1 + x).</summary>
    internal static double Log1P(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>e^x − 1 accurate for small |x| (Kahan's trick).</summary>
    internal static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }
}
