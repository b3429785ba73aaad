using System.Numerics;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// The one-sample Monte Carlo complexity cost f(w, θ) = log q(w | θ) − log P(w) at w = μ + σ ⊙ ε, for any prior
/// (Blundell et al. 2015, eq. 2 and §3.2). Its expectation over ε is KL(q ‖ P).
/// </summary>
/// <remarks>
/// Gradient (Blundell's update, Δμ = ∂f/∂w + ∂f/∂μ, Δρ = ∂f/∂w · ε/(1 + e^(−ρ)) + ∂f/∂ρ): with
/// log q(w | θ) = Σ −½ log 2π − log σ − (w − μ)²/(2σ²), the log q parts are ∂/∂w = −ε/σ, ∂/∂μ = +ε/σ,
/// ∂/∂ρ = (ε² − 1)/σ · sigmoid(ρ); they cancel in Δμ and leave −sigmoid(ρ)/σ in Δρ. So
/// Δμ = −∂ log P/∂w and Δρ = −∂ log P/∂w · ε · sigmoid(ρ) − sigmoid(ρ)/σ, which is what this class adds.
/// </remarks>
public sealed class MonteCarloKl : KlDivergence
{
    internal MonteCarloKl() { }

    /// <inheritdoc />
    public override bool NeedsWeightSample => true;

    /// <inheritdoc />
    public override void Validate(IPrior prior) => ArgumentNullException.ThrowIfNull(prior);

    /// <inheritdoc />
    public override double Evaluate(GaussianPosterior q, IPrior prior, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> w,
        float gradientScale, Span<float> gradMu, Span<float> gradRho, Span<float> scratch)
    {
        var rho = q.Rho;
        double logP;
        double logQ = 0;
        if (gradientScale == 0)
        {
            logP = prior.LogDensity(w);
            for (int i = 0; i < rho.Length; i++)
                logQ -= MathConstants.HalfLogTwoPi + Softplus.LogValue(rho[i]) + 0.5 * (double)epsilon[i] * epsilon[i];
            return logQ - logP;
        }
        if (prior is ScaleMixturePrior mixture) // the fused kernel: log q − log p and Blundell's update in one pass
            return VariationalKernels.ScaleMixtureKlAt(w, epsilon, rho, mixture.Pi, mixture.Sigma1, mixture.Sigma2, gradientScale, gradMu, gradRho);
        var gradLogP = scratch[..rho.Length];
        logP = prior.LogDensity(w, gradLogP);
        return AddGradient(rho, epsilon, gradLogP, gradientScale, gradMu, gradRho) - logP;
    }

    /// <summary>
    /// One vectorised pass: Δμ += −s·∂log P/∂w, Δρ += s·(−∂log P/∂w · ε · sigmoid(ρ) − sigmoid(ρ)/σ); returns
    /// log q(w | θ) = Σ −½ log 2π − log σ − ε²/2 (accumulated in double).
    /// </summary>
    static double AddGradient(ReadOnlySpan<float> rho, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> gradLogP, float s,
        Span<float> gradMu, Span<float> gradRho)
    {
        int n = rho.Length, width = Vector<float>.Count, i = 0;
        var sum = Vector<double>.Zero;
        for (; i <= n - width; i += width)
        {
            SoftplusVector.Evaluate(new Vector<float>(rho.Slice(i, width)), out _, out var logSigma, out var sigmoid, out var sigmoidOverSigma);
            var eps = new Vector<float>(epsilon.Slice(i, width));
            var g = new Vector<float>(gradLogP.Slice(i, width));
            var gMu = gradMu.Slice(i, width);
            var gRho = gradRho.Slice(i, width);
            (new Vector<float>(gMu) - s * g).CopyTo(gMu);
            (new Vector<float>(gRho) - s * (g * eps * sigmoid + sigmoidOverSigma)).CopyTo(gRho);
            Vector.Widen(logSigma + 0.5f * eps * eps, out var lo, out var hi);
            sum += lo + hi;
        }
        double logQ = -Vector.Sum(sum);
        for (; i < n; i++)
        {
            double r = rho[i], eps = epsilon[i];
            double sigma = Softplus.Value(r), sig = Softplus.Derivative(r);
            logQ -= Softplus.LogValue(r) + 0.5 * eps * eps;
            double g = gradLogP[i];
            gradMu[i] += (float)(-s * g);
            gradRho[i] += (float)(s * (-g * eps * sig - sig / sigma));
        }
        return logQ - n * MathConstants.HalfLogTwoPi;
    }

    /// <inheritdoc />
    public override string ToString() => "Monte Carlo KL";
}
