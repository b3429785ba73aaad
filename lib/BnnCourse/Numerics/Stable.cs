using System.Runtime.CompilerServices;

namespace BnnCourse.Numerics;

/// <summary>Stable building blocks shared by the kernels (one definition, every width).</summary>
internal static class Stable
{
    /// <summary>∂μ += s·gμ and ∂ρ += s·gρ at one vector of lanes; nothing when s = 0 (no gradient asked for).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void AccumulateScaled<TS, TV>(float scale, TV gMu, TV gRho, float* gradMu, float* gradRho)
        where TS : struct, ISimd<TV> where TV : struct
    {
        if (scale == 0) return;
        TV s = TS.Splat(scale);
        TS.Store(TS.MulAdd(s, gMu, TS.Load(gradMu)), gradMu);
        TS.Store(TS.MulAdd(s, gRho, TS.Load(gradRho)), gradRho);
    }

    /// <summary>σ = softplus(ρ) = max(ρ, 0) + log1p(e^(−|ρ|)) and sigmoid(ρ), from one exponential and one logarithm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SoftplusSigmoid<TS, TV>(TV rho, out TV sigma, out TV sigmoid) where TS : struct, ISimd<TV> where TV : struct
    {
        TV one = TS.Splat(1f), zero = TS.Zero;
        TV x = FastMath.ExpNonPositive<TS, TV>(TS.Neg(TS.Abs(rho)));
        sigma = TS.Add(TS.Max(rho, zero), FastMath.Log1pUnit<TS, TV>(x));
        TV t = TS.Div(one, TS.Add(one, x));
        sigmoid = TS.SelectLess(rho, zero, TS.Mul(x, t), t);
    }

    /// <summary>log σ, taken as ρ below ρ = −20 where σ may be subnormal (exact to float precision there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LogSigma<TS, TV>(TV rho, TV sigma) where TS : struct, ISimd<TV> where TV : struct
        => TS.SelectLess(rho, TS.Splat(VariationalKernels.TinySigmaRho), rho, FastMath.Log<TS, TV>(sigma));

    /// <summary>sigmoid(ρ)/σ = d log σ/dρ, taken as 1 below ρ = −20.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SigmoidOverSigma<TS, TV>(TV rho, TV sigma, TV sigmoid) where TS : struct, ISimd<TV> where TV : struct
        => TS.SelectLess(rho, TS.Splat(VariationalKernels.TinySigmaRho), TS.Splat(1f), TS.Div(sigmoid, sigma));

    /// <summary>
    /// The one-sample Monte Carlo KL of one element, log q(w) − log p(w) at w = μ + σε with log q(w) + ½ log 2π =
    /// −log σ − ε²/2 and the prior's log p(w) + ½ log 2π given (the constants cancel), and its pathwise gradient from
    /// gradMu = −d log p/dw: ∂/∂μ = gradMu, ∂/∂ρ = gradMu·ε·sigmoid(ρ) − sigmoid(ρ)/σ (the log q terms in ε cancel).
    /// Every Monte Carlo KL path (any prior, fused or not, value or gradient) goes through here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SampleKl<TS, TV>(TV rho, TV epsilon, TV sigma, TV sigmoid, TV logp, TV gradMu, out TV gradRho) where TS : struct, ISimd<TV> where TV : struct
    {
        TV logq = TS.Sub(TS.Neg(LogSigma<TS, TV>(rho, sigma)), TS.Mul(TS.Splat(0.5f), TS.Mul(epsilon, epsilon)));
        gradRho = TS.Sub(TS.Mul(TS.Mul(gradMu, epsilon), sigmoid), SigmoidOverSigma<TS, TV>(rho, sigma, sigmoid));
        return TS.Sub(logq, logp);
    }

    /// <summary>
    /// log p(w) + ½ log 2π under the scale mixture (the constant cancels against log q), by log-sum-exp of
    /// lⱼ = log πⱼ − log σⱼ − w²/(2σⱼ²), and its derivative d log p/dw = −w Σⱼ rⱼ/σⱼ² with responsibilities rⱼ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV MixtureLogDensity<TS, TV>(TV w, in MixturePriorConstants c, out TV derivative) where TS : struct, ISimd<TV> where TV : struct
    {
        TV w2 = TS.Mul(w, w);
        TV l1 = TS.MulAdd(w2, TS.Splat(-c.HalfInvVar1), TS.Splat(c.LogWeight1));
        TV l2 = TS.MulAdd(w2, TS.Splat(-c.HalfInvVar2), TS.Splat(c.LogWeight2));
        TV hi = TS.Max(l1, l2);
        TV e = FastMath.ExpNonPositive<TS, TV>(TS.Sub(TS.Min(l1, l2), hi));      // ∈ (0, 1]
        TV t = TS.Div(TS.Splat(1f), TS.Add(TS.Splat(1f), e));
        TV logp = TS.Add(hi, FastMath.Log1pUnit<TS, TV>(e));
        // responsibilities: the larger component gets t, the smaller e·t (not 1 − t, which cancels and, times
        // 1/σ₂² = e¹², would ruin the gradient where the wide component dominates)
        TV small = TS.Mul(e, t);
        TV r1 = TS.SelectLess(l1, l2, small, t);
        TV r2 = TS.SelectLess(l1, l2, t, small);
        TV precision = TS.MulAdd(r1, TS.Splat(c.InvVar1), TS.Mul(r2, TS.Splat(c.InvVar2)));
        derivative = TS.Neg(TS.Mul(w, precision));
        return logp;
    }
}

/// <summary>N(0, s²) prior constants.</summary>
internal readonly struct GaussianPriorConstants(float sigma)
{
    public readonly float LogSigma = (float)Math.Log(sigma);
    public readonly float HalfInvVar = (float)(0.5 / ((double)sigma * sigma));
    public readonly float InvVar = (float)(1.0 / ((double)sigma * sigma));
}

/// <summary>Scale-mixture prior constants, computed in double.</summary>
internal readonly struct MixturePriorConstants(float pi, float sigma1, float sigma2)
{
    public readonly float LogWeight1 = (float)(Math.Log(pi) - Math.Log(sigma1));
    public readonly float LogWeight2 = (float)(Math.Log(1.0 - pi) - Math.Log(sigma2));
    public readonly float HalfInvVar1 = (float)(0.5 / ((double)sigma1 * sigma1));
    public readonly float HalfInvVar2 = (float)(0.5 / ((double)sigma2 * sigma2));
    public readonly float InvVar1 = (float)(1.0 / ((double)sigma1 * sigma1));
    public readonly float InvVar2 = (float)(1.0 / ((double)sigma2 * sigma2));
}

/// <summary>Adam hyper-parameters with the bias corrections of step t.</summary>
internal readonly struct AdamConstants(float learningRate, float beta1, float beta2, float epsilon, int t)
{
    public readonly float LearningRate = learningRate, Beta1 = beta1, Beta2 = beta2, Epsilon = epsilon;
    public readonly float OneMinusBeta1 = 1 - beta1, OneMinusBeta2 = 1 - beta2;
    public readonly float Correction1 = 1f / (1f - MathF.Pow(beta1, t)), Correction2 = 1f / (1f - MathF.Pow(beta2, t));

    /// <summary>One Adam step on θ with gradient g; m and v updated in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Step<TS, TV>(TV theta, TV g, ref TV m, ref TV v) where TS : struct, ISimd<TV> where TV : struct
    {
        m = TS.MulAdd(TS.Splat(Beta1), m, TS.Mul(TS.Splat(OneMinusBeta1), g));
        v = TS.MulAdd(TS.Splat(Beta2), v, TS.Mul(TS.Splat(OneMinusBeta2), TS.Mul(g, g)));
        TV mHat = TS.Mul(m, TS.Splat(Correction1));
        TV denominator = TS.Add(TS.Sqrt(TS.Mul(v, TS.Splat(Correction2))), TS.Splat(Epsilon));
        return TS.Sub(theta, TS.Div(TS.Mul(TS.Splat(LearningRate), mHat), denominator));
    }
}
