using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Diagonal Gaussian variational posterior q(w | θ) = Πᵢ N(wᵢ | μᵢ, σᵢ²), θ = (μ, ρ), σ = softplus(ρ) = log(1 + e^ρ).
/// <see cref="Mu"/> and <see cref="Rho"/> are the live variational parameters (the optimizer updates them in place).
/// </summary>
/// <remarks>
/// Blundell et al. (2015), Weight Uncertainty in Neural Networks, §3.2. Sampling is by reparameterization,
/// w = μ + σ ⊙ ε with ε ~ N(0, I); the caller owns ε (or passes the seeded generator that draws it).
/// <para>Thread safety: μ and ρ are mutable arrays with no locking; concurrent reads are safe, a write concurrent with any other access is not.</para>
/// </remarks>
public sealed class GaussianPosterior
{
    GaussianPosterior(float[] mu, float[] rho) => (Mu, Rho) = (mu, rho);

    /// <summary>The means μ (live storage).</summary>
    public float[] Mu { get; }

    /// <summary>The unconstrained scales ρ, σ = softplus(ρ) (live storage).</summary>
    public float[] Rho { get; }

    /// <summary>Number of weights.</summary>
    public int Count => Mu.Length;

    /// <summary>A posterior with the given μ and ρ (copied), σ = softplus(ρ).</summary>
    /// <exception cref="ArgumentException">Lengths differ, are zero, or a value is NaN/∞.</exception>
    public static GaussianPosterior FromMuRho(ReadOnlySpan<float> mu, ReadOnlySpan<float> rho)
    {
        var q = Zeros(mu.Length);
        q.SetMuRho(mu, rho);
        return q;
    }

    /// <summary>A posterior with the given μ and σ &gt; 0 (stored as ρ = softplus⁻¹(σ)).</summary>
    /// <exception cref="ArgumentException">Lengths differ, are zero, μ not finite, or some σ ≤ 0.</exception>
    public static GaussianPosterior FromMuSigma(ReadOnlySpan<float> mu, ReadOnlySpan<float> sigma)
    {
        var q = Zeros(mu.Length);
        q.SetMuSigma(mu, sigma);
        return q;
    }

    /// <summary>
    /// A posterior of <paramref name="count"/> weights with μ ~ U(−r, r) drawn from <paramref name="rng"/> and every
    /// ρ = <paramref name="initialRho"/> (the usual Bayes-by-Backprop start: r = 0.1, ρ = −5, σ ≈ 0.0067).
    /// </summary>
    /// <exception cref="ArgumentException">count ≤ 0, r &lt; 0 or not finite, ρ not finite.</exception>
    public static GaussianPosterior Initialize(int count, float muRange, float initialRho, Xoshiro256 rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Require.NonNegative(muRange, nameof(muRange));
        Require.Finite(initialRho, nameof(initialRho));
        var q = Zeros(count);
        rng.FillUniform(q.Mu);
        for (int i = 0; i < count; i++) q.Mu[i] = muRange * (2f * q.Mu[i] - 1f);
        Array.Fill(q.Rho, initialRho);
        return q;
    }

    static GaussianPosterior Zeros(int count) => new(new float[Require.Positive(count, nameof(count))], new float[count]);

    /// <summary>Overwrites μ and ρ (checkpoint loading, experiments).</summary>
    /// <exception cref="ArgumentException">A length differs from <see cref="Count"/>, or a value is NaN/∞.</exception>
    public void SetMuRho(ReadOnlySpan<float> mu, ReadOnlySpan<float> rho)
    {
        Require.Length(mu.Length, Count, nameof(mu));
        Require.Length(rho.Length, Count, nameof(rho));
        Require.AllFinite(mu, nameof(mu));
        Require.AllFinite(rho, nameof(rho));
        mu.CopyTo(Mu);
        rho.CopyTo(Rho);
    }

    /// <summary>Overwrites μ and σ (ρ = softplus⁻¹(σ)).</summary>
    /// <exception cref="ArgumentException">A length differs from <see cref="Count"/>, μ not finite, or some σ ≤ 0.</exception>
    public void SetMuSigma(ReadOnlySpan<float> mu, ReadOnlySpan<float> sigma)
    {
        Require.Length(mu.Length, Count, nameof(mu));
        Require.Length(sigma.Length, Count, nameof(sigma));
        Require.AllFinite(mu, nameof(mu));
        Require.AllPositive(sigma, nameof(sigma));
        mu.CopyTo(Mu);
        for (int i = 0; i < Count; i++) Rho[i] = (float)Softplus.Inverse(sigma[i]);
    }

    /// <summary>σ = softplus(ρ), written into <paramref name="sigma"/> (length <see cref="Count"/>).</summary>
    public void Sigma(Span<float> sigma)
    {
        Require.Length(sigma.Length, Count, nameof(sigma));
        for (int i = 0; i < Count; i++) sigma[i] = (float)Softplus.Value(Rho[i]);
    }

    /// <summary>σ = softplus(ρ) as a new array (for histograms and signal-to-noise ratios |μ|/σ).</summary>
    public float[] Sigma()
    {
        var sigma = new float[Count];
        Sigma(sigma);
        return sigma;
    }

    /// <summary>Reparameterization: w = μ + σ ⊙ ε with σ = softplus(ρ). The caller owns ε.</summary>
    /// <exception cref="ArgumentException">ε or w has a length other than <see cref="Count"/>.</exception>
    public void Reparameterize(ReadOnlySpan<float> epsilon, Span<float> w)
    {
        Require.Length(epsilon.Length, Count, nameof(epsilon));
        Require.Length(w.Length, Count, nameof(w));
        VariationalKernels.SampleWeights(Mu, Rho, epsilon, w);
    }

    /// <summary>One draw w = μ + σ ⊙ ε, ε ~ N(0, I) from <paramref name="rng"/>; ε is written to <paramref name="epsilon"/>.</summary>
    public void Sample(Xoshiro256 rng, Span<float> epsilon, Span<float> w)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Require.Length(epsilon.Length, Count, nameof(epsilon));
        rng.FillStandardNormal(epsilon);
        Reparameterize(epsilon, w);
    }

    /// <summary>One draw w ~ q(w | θ) as a new array.</summary>
    public float[] Sample(Xoshiro256 rng)
    {
        var w = new float[Count];
        Sample(rng, new float[Count], w);
        return w;
    }

    /// <summary>log q(w | θ) = Σᵢ [−½ log 2π − log σᵢ − (wᵢ − μᵢ)²/(2σᵢ²)], in double.</summary>
    /// <exception cref="ArgumentException">w has a length other than <see cref="Count"/>.</exception>
    public double LogDensity(ReadOnlySpan<float> w)
    {
        Require.Length(w.Length, Count, nameof(w));
        double sum = 0;
        for (int i = 0; i < Count; i++)
        {
            double sigma = Softplus.Value(Rho[i]);
            double z = (w[i] - (double)Mu[i]) / sigma;
            sum -= MathConstants.HalfLogTwoPi + Softplus.LogValue(Rho[i]) + 0.5 * z * z;
        }
        return sum;
    }

    /// <inheritdoc />
    public override string ToString() => $"GaussianPosterior [{Count}]";
}
