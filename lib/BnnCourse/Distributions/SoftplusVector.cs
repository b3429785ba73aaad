using System.Numerics;
using System.Runtime.CompilerServices;

namespace BnnCourse.Distributions;

/// <summary>
/// Vectorised float forms of the softplus pieces used by the fused Monte Carlo KL and prior loops
/// (<see cref="Vector{T}"/>: the widest width the hardware accelerates, with a scalar tail in double).
/// </summary>
internal static class SoftplusVector
{
    /// <summary>log(1 + e) for e ∈ (0, 1], accurate for tiny e (Goldberg's trick).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Log1P(Vector<float> e)
    {
        var u = Vector<float>.One + e;
        var isOne = Vector.Equals(u, Vector<float>.One);
        return Vector.ConditionalSelect(isOne, e, Vector.Log(u) * e / (u - Vector<float>.One));
    }

    /// <summary>
    /// For ρ: e = e^(−|ρ|), σ = softplus(ρ) = max(ρ, 0) + log1p(e), log σ (≈ ρ − e/2 for ρ &lt; −20), and
    /// sigmoid(ρ) = (ρ ≥ 0 ? 1 : e)/(1 + e).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Evaluate(Vector<float> rho, out Vector<float> sigma, out Vector<float> logSigma, out Vector<float> sigmoid, out Vector<float> sigmoidOverSigma)
    {
        var e = Vector.Exp(-Vector.Abs(rho));
        sigma = Vector.Max(rho, Vector<float>.Zero) + Log1P(e);
        var veryNegative = Vector.LessThan(rho, new Vector<float>(-20f));
        logSigma = Vector.ConditionalSelect(veryNegative, rho - 0.5f * e, Vector.Log(sigma));
        var nonNegative = Vector.GreaterThanOrEqual(rho, Vector<float>.Zero);
        sigmoid = Vector.ConditionalSelect(nonNegative, Vector<float>.One, e) / (Vector<float>.One + e);
        sigmoidOverSigma = Vector.ConditionalSelect(veryNegative, Vector<float>.One, sigmoid / sigma);
    }
}
