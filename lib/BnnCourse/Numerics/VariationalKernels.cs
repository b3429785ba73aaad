namespace BnnCourse.Numerics;

/// <summary>
/// The element-wise kernels of Bayes by Backprop over a diagonal Gaussian q(w | μ, ρ), σ = softplus(ρ),
/// each one pass over the parameters. Spans of one call have equal lengths.
/// </summary>
/// <remarks>
/// Reference implementation (readable loops). A tuned version keeps these signatures and results to float
/// rounding. Blundell et al. (2015), Weight Uncertainty in Neural Networks, §3.2.
/// </remarks>
public static class VariationalKernels
{
    /// <summary>Softplus σ = log(1 + e^ρ), stable for any ρ (no overflow for large ρ, no underflow to 0 before ρ ≈ −87).</summary>
    public static float Softplus(float rho) => rho > 0 ? rho + MathF.Log(1f + MathF.Exp(-rho)) : MathF.Log(1f + MathF.Exp(rho));

    /// <summary>Logistic sigmoid 1/(1 + e^(−ρ)) = dσ/dρ, stable for any ρ.</summary>
    public static float Sigmoid(float rho)
    {
        if (rho >= 0) return 1f / (1f + MathF.Exp(-rho));
        float e = MathF.Exp(rho);
        return e / (1f + e);
    }

    /// <summary>Reparameterization w = μ + softplus(ρ) ⊙ ε (Blundell eq. 3's sampling step). The caller owns ε.</summary>
    public static void SampleWeights(ReadOnlySpan<float> mu, ReadOnlySpan<float> rho, ReadOnlySpan<float> epsilon, Span<float> w)
    {
        for (int i = 0; i < w.Length; i++) w[i] = mu[i] + Softplus(rho[i]) * epsilon[i];
    }

    /// <summary>
    /// Backward through w = μ + σ ⊙ ε: ∂f/∂μ += ∂f/∂w and ∂f/∂ρ += ∂f/∂w ⊙ ε ⊙ sigmoid(ρ)
    /// (the first terms of Blundell's Δμ and Δρ).
    /// </summary>
    public static void ReparameterizationBackward(ReadOnlySpan<float> gradW, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> rho, Span<float> gradMu, Span<float> gradRho)
    {
        for (int i = 0; i < gradW.Length; i++)
        {
            gradMu[i] += gradW[i];
            gradRho[i] += gradW[i] * epsilon[i] * Sigmoid(rho[i]);
        }
    }

    /// <summary>
    /// Closed-form Σᵢ KL(N(μᵢ, σᵢ²) ‖ N(0, s²)) = Σᵢ [log(s/σᵢ) + (σᵢ² + μᵢ²)/(2s²) − 1/2], and, when
    /// <paramref name="scale"/> ≠ 0, its gradient times scale added to gradMu and gradRho
    /// (∂KL/∂μ = μ/s², ∂KL/∂ρ = (σ/s² − 1/σ)·sigmoid(ρ)). Returns the unscaled sum in double.
    /// </summary>
    public static double GaussianKl(ReadOnlySpan<float> mu, ReadOnlySpan<float> rho, float priorSigma, float scale, Span<float> gradMu, Span<float> gradRho)
    {
        double sum = 0;
        double logS = Math.Log(priorSigma), invS2 = 1.0 / ((double)priorSigma * priorSigma);
        for (int i = 0; i < mu.Length; i++)
        {
            double sigma = Softplus(rho[i]);
            double m = mu[i];
            sum += logS - Math.Log(sigma) + 0.5 * (sigma * sigma + m * m) * invS2 - 0.5;
            if (scale != 0)
            {
                gradMu[i] += (float)(scale * m * invS2);
                gradRho[i] += (float)(scale * (sigma * invS2 - 1.0 / sigma) * Sigmoid(rho[i]));
            }
        }
        return sum;
    }

    /// <summary>
    /// Adam (Kingma and Ba 2015) for step t ≥ 1: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
    /// θ ← θ − lr·m̂/(√v̂ + ϵ) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
    /// </summary>
    public static void AdamStep(Span<float> parameters, ReadOnlySpan<float> grad, Span<float> m, Span<float> v, float learningRate, float beta1, float beta2, float epsilon, int t)
    {
        float c1 = 1f / (1f - MathF.Pow(beta1, t)), c2 = 1f / (1f - MathF.Pow(beta2, t));
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = grad[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            parameters[i] -= learningRate * (m[i] * c1) / (MathF.Sqrt(v[i] * c2) + epsilon);
        }
    }
}
