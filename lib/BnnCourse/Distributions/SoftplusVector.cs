using System.Numerics;
using System.Runtime.CompilerServices;

namespace BnnCourse;

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

    /// <summary>σ² = softplus(ρ)², element-wise.</summary>
    public static void SigmaSquared(ReadOnlySpan<float> rho, Span<float> sigma2)
    {
        int n = rho.Length, width = Vector<float>.Count, i = 0;
        for (; i <= n - width; i += width)
        {
            Evaluate(new Vector<float>(rho.Slice(i, width)), out var sigma, out _, out _, out _);
            (sigma * sigma).CopyTo(sigma2.Slice(i, width));
        }
        for (; i < n; i++) { double s = Softplus.Value(rho[i]); sigma2[i] = (float)(s * s); }
    }

    /// <summary>Δ = softplus(ρ) ⊙ ε, element-wise (the Flipout perturbation).</summary>
    public static void SigmaTimes(ReadOnlySpan<float> rho, ReadOnlySpan<float> epsilon, Span<float> delta)
    {
        int n = rho.Length, width = Vector<float>.Count, i = 0;
        for (; i <= n - width; i += width)
        {
            Evaluate(new Vector<float>(rho.Slice(i, width)), out var sigma, out _, out _, out _);
            (sigma * new Vector<float>(epsilon.Slice(i, width))).CopyTo(delta.Slice(i, width));
        }
        for (; i < n; i++) delta[i] = (float)(Softplus.Value(rho[i]) * epsilon[i]);
    }

    /// <summary>∂f/∂ρ += g ⊙ 2σ ⊙ sigmoid(ρ), the chain rule through σ² = softplus(ρ)².</summary>
    public static void AddThroughSigmaSquared(ReadOnlySpan<float> g, ReadOnlySpan<float> rho, Span<float> gradRho)
    {
        int n = rho.Length, width = Vector<float>.Count, i = 0;
        for (; i <= n - width; i += width)
        {
            Evaluate(new Vector<float>(rho.Slice(i, width)), out var sigma, out _, out var sigmoid, out _);
            var gr = gradRho.Slice(i, width);
            (new Vector<float>(gr) + new Vector<float>(g.Slice(i, width)) * 2f * sigma * sigmoid).CopyTo(gr);
        }
        for (; i < n; i++) gradRho[i] += (float)(g[i] * 2.0 * Softplus.Value(rho[i]) * Softplus.Derivative(rho[i]));
    }

    /// <summary>∂f/∂ρ += g ⊙ ε ⊙ sigmoid(ρ), the chain rule through Δ = softplus(ρ) ⊙ ε.</summary>
    public static void AddThroughSigmaTimesEpsilon(ReadOnlySpan<float> g, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> rho, Span<float> gradRho)
    {
        int n = rho.Length, width = Vector<float>.Count, i = 0;
        for (; i <= n - width; i += width)
        {
            Evaluate(new Vector<float>(rho.Slice(i, width)), out _, out _, out var sigmoid, out _);
            var gr = gradRho.Slice(i, width);
            (new Vector<float>(gr) + new Vector<float>(g.Slice(i, width)) * new Vector<float>(epsilon.Slice(i, width)) * sigmoid).CopyTo(gr);
        }
        for (; i < n; i++) gradRho[i] += (float)(g[i] * epsilon[i] * Softplus.Derivative(rho[i]));
    }
}
