
namespace BnnCourse.Numerics;

// Over 250 lines on purpose: every entry point of the element-wise kernels (validation + the width dispatch) in one
// place, so a reader sees the whole set; the per-element arithmetic is in VariationalElementKernels.cs and Stable.cs.

/// <summary>
/// The element-wise kernels of Bayes by Backprop over a diagonal Gaussian q(w | μ, ρ), σ = softplus(ρ),
/// each one pass over the parameters. Spans of one call have equal lengths.
/// </summary>
/// <remarks>
/// <para>Blundell et al. (2015), Weight Uncertainty in Neural Networks, §3.2.</para>
/// <para>
/// Vectorised at the widest width the hardware accelerates, and split over threads in fixed chunks for long spans;
/// every lane performs the same IEEE operations as the scalar code for that element (exponential and logarithms
/// are polynomials, see FastMath), so results are bit-identical at every width and thread count (sums are
/// accumulated per chunk and added in chunk order). Numerically stable for ρ ∈ [−100, 100] (and beyond): σ = softplus(ρ) is computed as
/// max(ρ, 0) + log1p(e^(−|ρ|)) with an accurate log1p, so σ &gt; 0 and finite, e.g. softplus(−100) ≈ 3.7·10⁻⁴⁴ (a
/// subnormal float). Where σ is that small its logarithm is taken as log σ = ρ (exact to float precision for
/// ρ &lt; −20, where log softplus(ρ) = ρ − e^ρ/2 + …), and σ'(ρ)/σ = sigmoid(ρ)/softplus(ρ) as 1, so the KL and its
/// gradient stay finite instead of going through log and 1/x of a subnormal.
/// </para>
/// </remarks>
internal static class VariationalKernels
{
    /// <summary>Below this ρ, log softplus(ρ) = ρ and sigmoid(ρ)/softplus(ρ) = 1 to float precision.</summary>
    internal const float TinySigmaRho = (float)BnnCourse.Softplus.TinySigmaRho;

    /// <summary>Softplus σ = log(1 + e^ρ), stable for any ρ: positive and finite for ρ ≥ −103 (the float range), relative error a few ulps.</summary>
    public static float Softplus(float rho)
    {
        Stable.SoftplusSigmoid<SimdScalar, float>(rho, out float sigma, out _);
        return sigma;
    }

    /// <summary>Logistic sigmoid 1/(1 + e^(−ρ)) = dσ/dρ, stable for any ρ.</summary>
    public static float Sigmoid(float rho)
    {
        Stable.SoftplusSigmoid<SimdScalar, float>(rho, out _, out float s);
        return s;
    }

    /// <summary>log softplus(ρ) = log σ, finite for every finite ρ (equal to ρ below ρ = −20).</summary>
    public static float LogSoftplus(float rho)
    {
        Stable.SoftplusSigmoid<SimdScalar, float>(rho, out float sigma, out _);
        return Stable.LogSigma<SimdScalar, float>(rho, sigma);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Sampling

    /// <summary>Reparameterization w = μ + softplus(ρ) ⊙ ε (Blundell eq. 3's sampling step). The caller owns ε.</summary>
    /// <exception cref="ArgumentException">the spans' lengths differ.</exception>
    public static void SampleWeights(ReadOnlySpan<float> mu, ReadOnlySpan<float> rho, ReadOnlySpan<float> epsilon, Span<float> w)
    {
        SameLength(w.Length, nameof(w), mu.Length, nameof(mu), rho.Length, nameof(rho), epsilon.Length, nameof(epsilon));
        SampleWeightsCore(Simd.Preferred, mu, rho, epsilon, w);
    }

    internal static unsafe void SampleWeightsCore(SimdWidth width, ReadOnlySpan<float> mu, ReadOnlySpan<float> rho, ReadOnlySpan<float> epsilon, Span<float> w)
    {
        fixed (float* pm = mu, pr = rho, pe = epsilon, pw = w)
        {
            var k = new SampleKernel { Mu = pm, Rho = pr, Epsilon = pe, W = pw };
            ElementLoop.Run(ref k, w.Length, width);
        }
    }

    /// <summary>
    /// Draws ε ~ N(0, I) from <paramref name="random"/> into <paramref name="epsilon"/> and sets w = μ + softplus(ρ) ⊙ ε,
    /// in one pass (chunk by chunk, on several threads for long spans). The draws are those of
    /// <see cref="Xoshiro256.FillStandardNormal"/>: the same ε as filling first and sampling after.
    /// </summary>
    /// <exception cref="ArgumentException">the spans' lengths differ.</exception>
    /// <exception cref="ArgumentNullException">random is null.</exception>
    public static void SampleWeights(ReadOnlySpan<float> mu, ReadOnlySpan<float> rho, Xoshiro256 random, Span<float> epsilon, Span<float> w)
    {
        ArgumentNullException.ThrowIfNull(random);
        SameLength(w.Length, nameof(w), mu.Length, nameof(mu), rho.Length, nameof(rho), epsilon.Length, nameof(epsilon));
        random.FillStandardNormalAndSample(mu, rho, epsilon, w);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Gradients and KL

    /// <summary>
    /// Backward through w = μ + σ ⊙ ε: ∂f/∂μ += ∂f/∂w and ∂f/∂ρ += ∂f/∂w ⊙ ε ⊙ sigmoid(ρ)
    /// (the first terms of Blundell's Δμ and Δρ).
    /// </summary>
    /// <exception cref="ArgumentException">the spans' lengths differ.</exception>
    public static void ReparameterizationBackward(ReadOnlySpan<float> gradW, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> rho, Span<float> gradMu, Span<float> gradRho)
    {
        SameLength(gradW.Length, nameof(gradW), epsilon.Length, nameof(epsilon), rho.Length, nameof(rho), gradMu.Length, nameof(gradMu), gradRho.Length, nameof(gradRho));
        ReparameterizationBackwardCore(Simd.Preferred, gradW, epsilon, rho, gradMu, gradRho);
    }

    internal static unsafe void ReparameterizationBackwardCore(SimdWidth width, ReadOnlySpan<float> gradW, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> rho, Span<float> gradMu, Span<float> gradRho)
    {
        fixed (float* pg = gradW, pe = epsilon, pr = rho, pgm = gradMu, pgr = gradRho)
        {
            var k = new BackwardKernel { GradW = pg, Epsilon = pe, Rho = pr, GradMu = pgm, GradRho = pgr };
            ElementLoop.Run(ref k, gradW.Length, width);
        }
    }

    /// <summary>
    /// Closed-form Σᵢ KL(N(μᵢ, σᵢ²) ‖ N(0, s²)) = Σᵢ [log(s/σᵢ) + (σᵢ² + μᵢ²)/(2s²) − 1/2], and, when
    /// <paramref name="scale"/> ≠ 0, its gradient times scale added to gradMu and gradRho
    /// (∂KL/∂μ = μ/s², ∂KL/∂ρ = (σ/s² − 1/σ)·sigmoid(ρ)). Returns the unscaled sum in double.
    /// </summary>
    /// <remarks>With scale = 0 the gradient spans are not touched and may be empty.</remarks>
    /// <exception cref="ArgumentException">the spans' lengths differ, or s is not positive and finite.</exception>
    public static double GaussianKl(ReadOnlySpan<float> mu, ReadOnlySpan<float> rho, float priorSigma, float scale, Span<float> gradMu, Span<float> gradRho)
    {
        SameLength(mu.Length, nameof(mu), rho.Length, nameof(rho));
        if (scale != 0) SameLength(mu.Length, nameof(mu), gradMu.Length, nameof(gradMu), gradRho.Length, nameof(gradRho));
        Require.Positive(priorSigma, nameof(priorSigma));
        return GaussianKlCore(Simd.Preferred, mu, rho, priorSigma, scale, gradMu, gradRho);
    }

    internal static unsafe double GaussianKlCore(SimdWidth width, ReadOnlySpan<float> mu, ReadOnlySpan<float> rho, float priorSigma, float scale, Span<float> gradMu, Span<float> gradRho)
    {
        fixed (float* pm = mu, pr = rho, pgm = gradMu, pgr = gradRho)
        {
            var k = new KlKernel<GaussianKlTerm> { Mu = pm, Rho = pr, GradMu = pgm, GradRho = pgr, Scale = scale, Kl = new GaussianKlTerm { Prior = new GaussianPriorConstants(priorSigma) } };
            return ElementLoop.Run(ref k, mu.Length, width);
        }
    }

    /// <summary>
    /// One-sample Monte Carlo KL against the scale-mixture prior p(w) = π N(w; 0, σ₁²) + (1 − π) N(w; 0, σ₂²)
    /// (Blundell eq. 7): Σᵢ [log q(wᵢ) − log p(wᵢ)] at wᵢ = μᵢ + σᵢεᵢ, with log p by log-sum-exp. When
    /// <paramref name="scale"/> ≠ 0, adds scale times its total (pathwise) gradient:
    /// ∂/∂μ = −(log p)'(w) and ∂/∂ρ = −sigmoid(ρ)/σ − (log p)'(w)·ε·sigmoid(ρ) (the log q terms in ε cancel).
    /// Returns the unscaled sum in double.
    /// </summary>
    /// <exception cref="ArgumentException">lengths differ, π ∉ (0, 1), or σ₁, σ₂ not positive and finite.</exception>
    public static double ScaleMixtureKl(ReadOnlySpan<float> mu, ReadOnlySpan<float> rho, ReadOnlySpan<float> epsilon, float pi, float sigma1, float sigma2, float scale, Span<float> gradMu, Span<float> gradRho)
    {
        SameLength(mu.Length, nameof(mu), rho.Length, nameof(rho), epsilon.Length, nameof(epsilon));
        if (scale != 0) SameLength(mu.Length, nameof(mu), gradMu.Length, nameof(gradMu), gradRho.Length, nameof(gradRho));
        var prior = MixtureChecked(pi, sigma1, sigma2);
        return ScaleMixtureKlCore(Simd.Preferred, mu, rho, epsilon, prior, scale, gradMu, gradRho);
    }

    internal static double ScaleMixtureKlCore(SimdWidth width, ReadOnlySpan<float> mu, ReadOnlySpan<float> rho, ReadOnlySpan<float> epsilon, MixturePriorConstants prior, float scale, Span<float> gradMu, Span<float> gradRho)
        => ScaleMixtureKlCore(width, mu, default, rho, epsilon, prior, scale, gradMu, gradRho);

    /// <summary>With w empty the sample is μ + σε; otherwise w is used and μ ignored.</summary>
    internal static unsafe double ScaleMixtureKlCore(SimdWidth width, ReadOnlySpan<float> mu, ReadOnlySpan<float> w, ReadOnlySpan<float> rho, ReadOnlySpan<float> epsilon, MixturePriorConstants prior, float scale, Span<float> gradMu, Span<float> gradRho)
    {
        fixed (float* pm = mu, pw = w, pr = rho, pe = epsilon, pgm = gradMu, pgr = gradRho)
        {
            var k = new KlKernel<MixtureKlTerm> { Mu = pm, W = w.IsEmpty ? null : pw, Rho = pr, Epsilon = pe, GradMu = pgm, GradRho = pgr, Scale = scale, Kl = new MixtureKlTerm { Prior = prior } };
            return ElementLoop.Run(ref k, rho.Length, width);
        }
    }

    /// <summary>σ² = softplus(ρ)², element-wise (local reparameterization).</summary>
    internal static unsafe void SigmaSquared(ReadOnlySpan<float> rho, Span<float> sigma2)
    {
        fixed (float* pr = rho, ps = sigma2)
        {
            var k = new SigmaSquaredKernel { Rho = pr, Sigma2 = ps };
            ElementLoop.Run(ref k, rho.Length, Simd.Preferred);
        }
    }

    /// <summary>Δ = softplus(ρ) ⊙ ε, element-wise (the Flipout perturbation).</summary>
    internal static unsafe void SigmaTimes(ReadOnlySpan<float> rho, ReadOnlySpan<float> epsilon, Span<float> delta)
    {
        fixed (float* pr = rho, pe = epsilon, pd = delta)
        {
            var k = new SigmaTimesKernel { Rho = pr, Epsilon = pe, Delta = pd };
            ElementLoop.Run(ref k, rho.Length, Simd.Preferred);
        }
    }

    /// <summary>∂f/∂ρ += g ⊙ 2σ ⊙ sigmoid(ρ), the chain rule through σ² = softplus(ρ)².</summary>
    internal static unsafe void AddThroughSigmaSquared(ReadOnlySpan<float> g, ReadOnlySpan<float> rho, Span<float> gradRho)
    {
        fixed (float* pg = g, pr = rho, pgr = gradRho)
        {
            var k = new ThroughSigmaSquaredKernel { Grad = pg, Rho = pr, GradRho = pgr };
            ElementLoop.Run(ref k, rho.Length, Simd.Preferred);
        }
    }

    /// <summary>∂f/∂ρ += ∂f/∂w ⊙ ε ⊙ sigmoid(ρ) only (Flipout, whose ∂f/∂μ comes from its own product).</summary>
    internal static void ReparameterizationBackwardRho(ReadOnlySpan<float> gradW, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> rho, Span<float> gradRho)
        => ReparameterizationBackwardCore(Simd.Preferred, gradW, epsilon, rho, default, gradRho);

    /// <summary>
    /// The one-sample Monte Carlo KL Σᵢ [log q(wᵢ) − log N(wᵢ | 0, s²)] at the given sample w = μ + σ ⊙ ε, and, when
    /// scale ≠ 0, scale times its pathwise gradient added to gradMu and gradRho. Returns the unscaled sum.
    /// </summary>
    internal static unsafe double GaussianSampleKl(ReadOnlySpan<float> w, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> rho, float priorSigma, float scale, Span<float> gradMu, Span<float> gradRho)
    {
        fixed (float* pw = w, pr = rho, pe = epsilon, pgm = gradMu, pgr = gradRho)
        {
            var k = new KlKernel<GaussianSampleKlTerm> { W = pw, Rho = pr, Epsilon = pe, GradMu = pgm, GradRho = pgr, Scale = scale, Kl = new GaussianSampleKlTerm { Prior = new GaussianPriorConstants(priorSigma) } };
            return ElementLoop.Run(ref k, rho.Length, Simd.Preferred);
        }
    }

    /// <summary>Σ log p(wᵢ) under the scale mixture, and d log p/dwᵢ into <paramref name="derivative"/> unless it is empty.</summary>
    internal static unsafe double MixtureLogDensity(ReadOnlySpan<float> w, MixturePriorConstants prior, Span<float> derivative)
    {
        fixed (float* pw = w, pd = derivative)
        {
            var k = new MixtureLogDensityKernel { W = pw, Derivative = derivative.IsEmpty ? null : pd, Prior = prior };
            return ElementLoop.Run(ref k, w.Length, Simd.Preferred);
        }
    }

    /// <summary>
    /// log p(w) under the scale mixture π N(0, σ₁²) + (1 − π) N(0, σ₂²), by log-sum-exp, and its derivative
    /// d log p/dw, element-wise into <paramref name="logDensity"/> and <paramref name="derivative"/> (either may be empty).
    /// </summary>
    /// <exception cref="ArgumentException">lengths differ, π ∉ (0, 1), or σ₁, σ₂ not positive and finite.</exception>
    public static unsafe void ScaleMixtureLogDensity(ReadOnlySpan<float> w, float pi, float sigma1, float sigma2, Span<float> logDensity, Span<float> derivative)
    {
        if (!logDensity.IsEmpty) SameLength(w.Length, nameof(w), logDensity.Length, nameof(logDensity));
        if (!derivative.IsEmpty) SameLength(w.Length, nameof(w), derivative.Length, nameof(derivative));
        var prior = MixtureChecked(pi, sigma1, sigma2);
        float halfLog2Pi = (float)MathConstants.HalfLogTwoPi;
        for (int i = 0; i < w.Length; i++)
        {
            float lp = Stable.MixtureLogDensity<SimdScalar, float>(w[i], prior, out float dlogp);
            if (!logDensity.IsEmpty) logDensity[i] = lp - halfLog2Pi;
            if (!derivative.IsEmpty) derivative[i] = dlogp;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Adam and the fused update

    /// <summary>
    /// Adam (Kingma and Ba 2015) for step t ≥ 1: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
    /// θ ← θ − lr·m̂/(√v̂ + ϵ) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
    /// </summary>
    /// <exception cref="ArgumentException">lengths differ, or t &lt; 1.</exception>
    public static void AdamStep(Span<float> parameters, ReadOnlySpan<float> grad, Span<float> m, Span<float> v, float learningRate, float beta1, float beta2, float epsilon, int t)
    {
        SameLength(parameters.Length, nameof(parameters), grad.Length, nameof(grad), m.Length, nameof(m), v.Length, nameof(v));
        ArgumentOutOfRangeException.ThrowIfLessThan(t, 1);
        AdamStepCore(Simd.Preferred, parameters, grad, m, v, new AdamConstants(learningRate, beta1, beta2, epsilon, t));
    }

    internal static unsafe void AdamStepCore(SimdWidth width, Span<float> parameters, ReadOnlySpan<float> grad, Span<float> m, Span<float> v, AdamConstants adam)
    {
        fixed (float* pp = parameters, pg = grad, pm = m, pv = v)
        {
            var k = new AdamKernel { Theta = pp, Grad = pg, M = pm, V = pv, Adam = adam };
            ElementLoop.Run(ref k, parameters.Length, width);
        }
    }

    /// <summary>
    /// The whole update of a Bayesian weight block with a N(0, s²) prior, in one pass: the gradients
    /// g_μ = ∂f/∂w + scale·μ/s² and g_ρ = ∂f/∂w·ε·sigmoid(ρ) + scale·(σ/s² − 1/σ)·sigmoid(ρ) (Blundell's Δμ, Δρ with the
    /// closed-form KL), then one Adam step on μ (moments mMu, vMu) and on ρ (mRho, vRho). Returns the closed-form KL at
    /// the parameters before the update. Equivalent to <see cref="ReparameterizationBackward"/> + <see cref="GaussianKl"/> +
    /// two <see cref="AdamStep"/> calls on zeroed gradient buffers, without the buffers.
    /// </summary>
    /// <exception cref="ArgumentException">lengths differ, s not positive and finite, or t &lt; 1.</exception>
    public static double GaussianUpdate(Span<float> mu, Span<float> rho, ReadOnlySpan<float> gradW, ReadOnlySpan<float> epsilon, float priorSigma, float scale,
        Span<float> mMu, Span<float> vMu, Span<float> mRho, Span<float> vRho, float learningRate, float beta1, float beta2, float adamEpsilon, int t)
    {
        SameLength(mu.Length, nameof(mu), rho.Length, nameof(rho), gradW.Length, nameof(gradW), epsilon.Length, nameof(epsilon));
        SameLength(mu.Length, nameof(mu), mMu.Length, nameof(mMu), vMu.Length, nameof(vMu), mRho.Length, nameof(mRho), vRho.Length, nameof(vRho));
        Require.Positive(priorSigma, nameof(priorSigma));
        ArgumentOutOfRangeException.ThrowIfLessThan(t, 1);
        return Update(Simd.Preferred, mu, rho, gradW, epsilon, false, new GaussianPriorConstants(priorSigma), default, scale, mMu, vMu, mRho, vRho,
            new AdamConstants(learningRate, beta1, beta2, adamEpsilon, t));
    }

    /// <summary>
    /// As <see cref="GaussianUpdate"/> with the scale-mixture prior and the one-sample Monte Carlo KL of
    /// <see cref="ScaleMixtureKl"/> (w = μ + σε recomputed exactly as in sampling). Returns that KL estimate at the
    /// parameters before the update.
    /// </summary>
    /// <exception cref="ArgumentException">lengths differ, π ∉ (0, 1), σ₁, σ₂ not positive and finite, or t &lt; 1.</exception>
    public static double ScaleMixtureUpdate(Span<float> mu, Span<float> rho, ReadOnlySpan<float> gradW, ReadOnlySpan<float> epsilon, float pi, float sigma1, float sigma2, float scale,
        Span<float> mMu, Span<float> vMu, Span<float> mRho, Span<float> vRho, float learningRate, float beta1, float beta2, float adamEpsilon, int t)
    {
        SameLength(mu.Length, nameof(mu), rho.Length, nameof(rho), gradW.Length, nameof(gradW), epsilon.Length, nameof(epsilon));
        SameLength(mu.Length, nameof(mu), mMu.Length, nameof(mMu), vMu.Length, nameof(vMu), mRho.Length, nameof(mRho), vRho.Length, nameof(vRho));
        var prior = MixtureChecked(pi, sigma1, sigma2);
        ArgumentOutOfRangeException.ThrowIfLessThan(t, 1);
        return Update(Simd.Preferred, mu, rho, gradW, epsilon, true, default, prior, scale, mMu, vMu, mRho, vRho,
            new AdamConstants(learningRate, beta1, beta2, adamEpsilon, t));
    }

    internal static unsafe double Update(SimdWidth width, Span<float> mu, Span<float> rho, ReadOnlySpan<float> gradW, ReadOnlySpan<float> epsilon,
        bool mixture, GaussianPriorConstants gaussian, MixturePriorConstants mixturePrior, float scale,
        Span<float> mMu, Span<float> vMu, Span<float> mRho, Span<float> vRho, AdamConstants adam)
    {
        fixed (float* pm = mu, pr = rho, pg = gradW, pe = epsilon, pmm = mMu, pvm = vMu, pmr = mRho, pvr = vRho)
        {
            if (mixture)
            {
                var k = new UpdateKernel<MixtureKlTerm> { Mu = pm, Rho = pr, GradW = pg, Epsilon = pe, MMu = pmm, VMu = pvm, MRho = pmr, VRho = pvr, Adam = adam, Scale = scale, Kl = new MixtureKlTerm { Prior = mixturePrior } };
                return ElementLoop.Run(ref k, mu.Length, width);
            }
            else
            {
                var k = new UpdateKernel<GaussianKlTerm> { Mu = pm, Rho = pr, GradW = pg, Epsilon = pe, MMu = pmm, VMu = pvm, MRho = pmr, VRho = pvr, Adam = adam, Scale = scale, Kl = new GaussianKlTerm { Prior = gaussian } };
                return ElementLoop.Run(ref k, mu.Length, width);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Validation

    static void SameLength(int n0, string name0, int n1, string name1)
    {
        if (n1 != n0) throw new ArgumentException($"{name1} has length {n1} but {name0} has {n0}.", name1);
    }

    static void SameLength(int n0, string name0, int n1, string name1, int n2, string name2)
    {
        SameLength(n0, name0, n1, name1);
        SameLength(n0, name0, n2, name2);
    }

    static void SameLength(int n0, string name0, int n1, string name1, int n2, string name2, int n3, string name3)
    {
        SameLength(n0, name0, n1, name1, n2, name2);
        SameLength(n0, name0, n3, name3);
    }

    static void SameLength(int n0, string name0, int n1, string name1, int n2, string name2, int n3, string name3, int n4, string name4)
    {
        SameLength(n0, name0, n1, name1, n2, name2, n3, name3);
        SameLength(n0, name0, n4, name4);
    }

    static MixturePriorConstants MixtureChecked(float pi, float sigma1, float sigma2)
    {
        Require.OpenUnitInterval(pi, nameof(pi));
        Require.Positive(sigma1, nameof(sigma1));
        Require.Positive(sigma2, nameof(sigma2));
        return new MixturePriorConstants(pi, sigma1, sigma2);
    }
}
