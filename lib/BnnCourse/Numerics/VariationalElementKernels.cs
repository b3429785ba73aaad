using System.Runtime.CompilerServices;

namespace BnnCourse.Numerics;

// The bodies of VariationalKernels, one struct per kernel, each processing a vector of elements at index i.

/// <summary>w = μ + σ ⊙ ε.</summary>
internal unsafe struct SampleKernel : IElementKernel
{
    public float* Mu, Rho, Epsilon, W;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TS, TV>(nint i) where TS : struct, ISimd<TV> where TV : struct
    {
        Stable.SoftplusSigmoid<TS, TV>(TS.Load(Rho + i), out TV sigma, out _);
        TS.Store(TS.MulAdd(sigma, TS.Load(Epsilon + i), TS.Load(Mu + i)), W + i);
        return TS.Zero;
    }
}

/// <summary>∂f/∂μ += ∂f/∂w (unless GradMu is null), ∂f/∂ρ += ∂f/∂w ⊙ ε ⊙ sigmoid(ρ).</summary>
internal unsafe struct BackwardKernel : IElementKernel
{
    public float* GradW, Epsilon, Rho, GradMu, GradRho;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TS, TV>(nint i) where TS : struct, ISimd<TV> where TV : struct
    {
        TV g = TS.Load(GradW + i);
        Stable.SoftplusSigmoid<TS, TV>(TS.Load(Rho + i), out _, out TV sigmoid);
        if (GradMu != null) TS.Store(TS.Add(TS.Load(GradMu + i), g), GradMu + i);
        TS.Store(TS.MulAdd(TS.Mul(g, TS.Load(Epsilon + i)), sigmoid, TS.Load(GradRho + i)), GradRho + i);
        return TS.Zero;
    }
}

/// <summary>A KL term per element and its gradient with respect to μ and ρ (before scaling).</summary>
internal interface IKlTerm
{
    TV Evaluate<TS, TV>(TV mu, TV rho, TV epsilon, TV w, TV sigma, TV sigmoid, out TV gradMu, out TV gradRho) where TS : struct, ISimd<TV> where TV : struct;
}

/// <summary>KL(N(μ, σ²) ‖ N(0, s²)) = log s − log σ + (σ² + μ²)/(2s²) − 1/2.</summary>
internal struct GaussianKlTerm : IKlTerm
{
    public GaussianPriorConstants Prior;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TV Evaluate<TS, TV>(TV mu, TV rho, TV epsilon, TV w, TV sigma, TV sigmoid, out TV gradMu, out TV gradRho) where TS : struct, ISimd<TV> where TV : struct
    {
        TV logSigma = Stable.LogSigma<TS, TV>(rho, sigma);
        TV quadratic = TS.MulAdd(sigma, sigma, TS.Mul(mu, mu));
        TV kl = TS.Add(TS.Sub(TS.Splat(Prior.LogSigma), logSigma), TS.MulAdd(quadratic, TS.Splat(Prior.HalfInvVar), TS.Splat(-0.5f)));
        gradMu = TS.Mul(mu, TS.Splat(Prior.InvVar));
        // (σ/s² − 1/σ)·sigmoid(ρ) = σ·sigmoid(ρ)/s² − sigmoid(ρ)/σ
        gradRho = TS.Sub(TS.Mul(TS.Mul(sigma, sigmoid), TS.Splat(Prior.InvVar)), Stable.SigmoidOverSigma<TS, TV>(rho, sigma, sigmoid));
        return kl;
    }
}

/// <summary>log q(w) − log p(w) at w = μ + σε for the scale mixture, with its pathwise gradient.</summary>
internal struct MixtureKlTerm : IKlTerm
{
    public MixturePriorConstants Prior;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TV Evaluate<TS, TV>(TV mu, TV rho, TV epsilon, TV w, TV sigma, TV sigmoid, out TV gradMu, out TV gradRho) where TS : struct, ISimd<TV> where TV : struct
    {
        TV logp = Stable.MixtureLogDensity<TS, TV>(w, Prior, out TV dlogp);
        gradMu = TS.Neg(dlogp);
        return Stable.SampleKl<TS, TV>(rho, epsilon, sigma, sigmoid, logp, gradMu, out gradRho);
    }
}

/// <summary>
/// Σ KL; when Scale ≠ 0, gradMu += Scale·∂KL/∂μ and gradRho += Scale·∂KL/∂ρ. The sample is w = μ + σε, or read from W
/// when W is set (then Mu is not read).
/// </summary>
internal unsafe struct KlKernel<TKl> : IElementKernel where TKl : struct, IKlTerm
{
    public float* Mu, Rho, Epsilon, W, GradMu, GradRho;
    public float Scale;
    public TKl Kl;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TS, TV>(nint i) where TS : struct, ISimd<TV> where TV : struct
    {
        TV rho = TS.Load(Rho + i);
        Stable.SoftplusSigmoid<TS, TV>(rho, out TV sigma, out TV sigmoid);
        TV epsilon = Epsilon == null ? TS.Zero : TS.Load(Epsilon + i);
        TV mu = W == null ? TS.Load(Mu + i) : TS.Zero;
        TV w = W == null ? TS.MulAdd(sigma, epsilon, mu) : TS.Load(W + i);
        TV kl = Kl.Evaluate<TS, TV>(mu, rho, epsilon, w, sigma, sigmoid, out TV gMu, out TV gRho);
        Stable.AccumulateScaled<TS, TV>(Scale, gMu, gRho, GradMu + i, GradRho + i);
        return kl;
    }
}

/// <summary>θ ← Adam(θ, g).</summary>
internal unsafe struct AdamKernel : IElementKernel
{
    public float* Theta, Grad, M, V;
    public AdamConstants Adam;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TS, TV>(nint i) where TS : struct, ISimd<TV> where TV : struct
    {
        TV m = TS.Load(M + i), v = TS.Load(V + i);
        TV theta = Adam.Step<TS, TV>(TS.Load(Theta + i), TS.Load(Grad + i), ref m, ref v);
        TS.Store(m, M + i); TS.Store(v, V + i); TS.Store(theta, Theta + i);
        return TS.Zero;
    }
}

/// <summary>Reparameterization backward + KL gradient + Adam on μ and ρ, one pass; returns the KL before the update.</summary>
internal unsafe struct UpdateKernel<TKl> : IElementKernel where TKl : struct, IKlTerm
{
    public float* Mu, Rho, GradW, Epsilon, MMu, VMu, MRho, VRho;
    public float Scale;
    public AdamConstants Adam;
    public TKl Kl;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TS, TV>(nint i) where TS : struct, ISimd<TV> where TV : struct
    {
        TV mu = TS.Load(Mu + i), rho = TS.Load(Rho + i), g = TS.Load(GradW + i), epsilon = TS.Load(Epsilon + i);
        Stable.SoftplusSigmoid<TS, TV>(rho, out TV sigma, out TV sigmoid);
        TV kl = Kl.Evaluate<TS, TV>(mu, rho, epsilon, TS.MulAdd(sigma, epsilon, mu), sigma, sigmoid, out TV klMu, out TV klRho);
        TV s = TS.Splat(Scale);
        TV gMu = TS.MulAdd(s, klMu, g);
        TV gRho = TS.MulAdd(s, klRho, TS.Mul(TS.Mul(g, epsilon), sigmoid));
        TV m = TS.Load(MMu + i), v = TS.Load(VMu + i);
        TS.Store(Adam.Step<TS, TV>(mu, gMu, ref m, ref v), Mu + i);
        TS.Store(m, MMu + i); TS.Store(v, VMu + i);
        m = TS.Load(MRho + i); v = TS.Load(VRho + i);
        TS.Store(Adam.Step<TS, TV>(rho, gRho, ref m, ref v), Rho + i);
        TS.Store(m, MRho + i); TS.Store(v, VRho + i);
        return kl;
    }
}

/// <summary>σ² = softplus(ρ)² (local reparameterization's weight variances).</summary>
internal unsafe struct SigmaSquaredKernel : IElementKernel
{
    public float* Rho, Sigma2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TS, TV>(nint i) where TS : struct, ISimd<TV> where TV : struct
    {
        Stable.SoftplusSigmoid<TS, TV>(TS.Load(Rho + i), out TV sigma, out _);
        TS.Store(TS.Mul(sigma, sigma), Sigma2 + i);
        return TS.Zero;
    }
}

/// <summary>Δ = softplus(ρ) ⊙ ε (Flipout's shared perturbation).</summary>
internal unsafe struct SigmaTimesKernel : IElementKernel
{
    public float* Rho, Epsilon, Delta;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TS, TV>(nint i) where TS : struct, ISimd<TV> where TV : struct
    {
        Stable.SoftplusSigmoid<TS, TV>(TS.Load(Rho + i), out TV sigma, out _);
        TS.Store(TS.Mul(sigma, TS.Load(Epsilon + i)), Delta + i);
        return TS.Zero;
    }
}

/// <summary>∂f/∂ρ += g ⊙ 2σ ⊙ sigmoid(ρ), the chain rule through σ² = softplus(ρ)².</summary>
internal unsafe struct ThroughSigmaSquaredKernel : IElementKernel
{
    public float* Grad, Rho, GradRho;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TS, TV>(nint i) where TS : struct, ISimd<TV> where TV : struct
    {
        Stable.SoftplusSigmoid<TS, TV>(TS.Load(Rho + i), out TV sigma, out TV sigmoid);
        TS.Store(TS.MulAdd(TS.Mul(TS.Load(Grad + i), TS.Add(sigma, sigma)), sigmoid, TS.Load(GradRho + i)), GradRho + i);
        return TS.Zero;
    }
}

/// <summary>log N(w | 0, s²) + ½ log 2π = −log s − w²/(2s²) and d/dw = −w/s², the Gaussian prior inside the Monte Carlo KL.</summary>
internal struct GaussianSampleKlTerm : IKlTerm
{
    public GaussianPriorConstants Prior;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TV Evaluate<TS, TV>(TV mu, TV rho, TV epsilon, TV w, TV sigma, TV sigmoid, out TV gradMu, out TV gradRho) where TS : struct, ISimd<TV> where TV : struct
    {
        TV logp = TS.MulAdd(TS.Mul(w, w), TS.Splat(-Prior.HalfInvVar), TS.Splat(-Prior.LogSigma));
        gradMu = TS.Mul(w, TS.Splat(Prior.InvVar));   // −d log p/dw
        return Stable.SampleKl<TS, TV>(rho, epsilon, sigma, sigmoid, logp, gradMu, out gradRho);
    }
}

/// <summary>log p(w) under the scale mixture (with its −½ log 2π) and d log p/dw into Derivative when set.</summary>
internal unsafe struct MixtureLogDensityKernel : IElementKernel
{
    public float* W, Derivative;
    public MixturePriorConstants Prior;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TS, TV>(nint i) where TS : struct, ISimd<TV> where TV : struct
    {
        TV logp = Stable.MixtureLogDensity<TS, TV>(TS.Load(W + i), Prior, out TV d);
        if (Derivative != null) TS.Store(d, Derivative + i);
        return TS.Sub(logp, TS.Splat((float)MathConstants.HalfLogTwoPi));
    }
}
