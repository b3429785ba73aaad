using BnnCourse.Numerics;

namespace BnnCourse.Tests.Numerics;

public class VariationalKernelsTests
{
    // ---- double-precision references -------------------------------------------------------------------------

    static double SoftplusD(double rho) => rho > 0 ? rho + Math.Log(1 + Math.Exp(-rho)) : LogOnePlus(Math.Exp(rho));
    static double LogOnePlus(double x) => x < 1e-5 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x);
    static double SigmoidD(double rho) => 1 / (1 + Math.Exp(-rho));
    static double LogSoftplusD(double rho) => rho < -30 ? rho - Math.Exp(rho) / 2 : Math.Log(SoftplusD(rho));

    static double GaussianKlD(double mu, double rho, double s)
        => Math.Log(s) - LogSoftplusD(rho) + (SoftplusD(rho) * SoftplusD(rho) + mu * mu) / (2 * s * s) - 0.5;

    static double LogMixtureD(double w, double pi, double s1, double s2)
    {
        // log-sum-exp in double, without the ½ log 2π
        double l1 = Math.Log(pi) - Math.Log(s1) - w * w / (2 * s1 * s1), l2 = Math.Log(1 - pi) - Math.Log(s2) - w * w / (2 * s2 * s2);
        double hi = Math.Max(l1, l2);
        return hi + Math.Log(Math.Exp(l1 - hi) + Math.Exp(l2 - hi));
    }

    const double Pi = 0.5, S1 = 1, S2 = 0.0024787521766663585; // σ₂ = e⁻⁶

    static double MixtureKlD(double mu, double rho, double eps)
    {
        double w = mu + SoftplusD(rho) * eps;
        return -LogSoftplusD(rho) - eps * eps / 2 - LogMixtureD(w, Pi, S1, S2);
    }

    static (double dMu, double dRho) CentralDifference(Func<double, double, double> f, double mu, double rho)
    {
        const double h = 1e-5;
        return ((f(mu + h, rho) - f(mu - h, rho)) / (2 * h), (f(mu, rho + h) - f(mu, rho - h)) / (2 * h));
    }

    static float[] Uniform(int n, float lo, float hi, ulong seed)
    {
        var x = new float[n];
        new Xoshiro256(seed).FillUniform(x);
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * x[i];
        return x;
    }

    static float[] Normal(int n, ulong seed)
    {
        var x = new float[n];
        new Xoshiro256(seed).FillStandardNormal(x);
        return x;
    }

    static void Close(double expected, double actual, double relative, double absolute, string what)
        => Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected) + absolute, $"{what}: expected {expected:R}, got {actual:R}");

    const int N = 203; // not a multiple of any width: every run has a vector body and a scalar tail

    // ---- softplus ---------------------------------------------------------------------------------------------

    [Fact]
    public void Softplus_is_positive_finite_and_accurate_from_minus_100_to_100()
    {
        for (double r = -100; r <= 100; r += 0.125)
        {
            float rho = (float)r, sigma = VariationalKernels.Softplus(rho);
            Assert.True(sigma > 0 && float.IsFinite(sigma), $"softplus({rho}) = {sigma}");
            // relative 1e-6 for normal floats; below 2⁻¹²⁶ ≈ 1.2e-38 σ is subnormal and has an absolute ulp of 1.4e-45
            Close(SoftplusD(rho), sigma, 1e-6, 1.5e-45, $"softplus({rho})");
            Close(SigmoidD(rho), VariationalKernels.Sigmoid(rho), 1e-6, 1e-45, $"sigmoid({rho})");
            Close(LogSoftplusD(rho), VariationalKernels.LogSoftplus(rho), 1e-6, 1e-6, $"log softplus({rho})");
        }
        Assert.Equal(-100f, VariationalKernels.LogSoftplus(-100f)); // log of the subnormal σ would give −100.02
    }

    [Fact]
    public void Softplus_derivative_is_the_sigmoid_by_central_differences()
    {
        foreach (double rho in new[] { -30, -8, -1, 0, 0.5, 3, 20 })
        {
            double numeric = (SoftplusD(rho + 1e-6) - SoftplusD(rho - 1e-6)) / 2e-6;
            Close(numeric, VariationalKernels.Sigmoid((float)rho), 1e-5, 1e-12, $"sigmoid({rho})");
        }
    }

    // ---- sampling and backward ---------------------------------------------------------------------------------

    [Fact]
    public void SampleWeights_matches_the_double_reference_at_every_width()
    {
        var mu = Uniform(N, -1, 1, 1); var rho = Uniform(N, -100, 10, 2); var eps = Normal(N, 3);
        foreach (var width in Simd.All)
        {
            var w = new float[N];
            VariationalKernels.SampleWeightsCore(width, mu, rho, eps, w);
            for (int i = 0; i < N; i++)
            {
                double expected = mu[i] + SoftplusD(rho[i]) * eps[i];
                Close(expected, w[i], 1e-6, 1e-6 * (Math.Abs(mu[i]) + SoftplusD(rho[i]) * Math.Abs(eps[i])), $"{width} w[{i}]");
            }
        }
    }

    [Fact]
    public void Fused_sampling_draws_the_same_epsilon_as_a_fill_and_the_same_weights()
    {
        int n = 3 * LaneFill.Chunk + 5;
        var mu = Uniform(n, -0.1f, 0.1f, 4); var rho = Uniform(n, -6, -4, 5);
        var eps = new float[n]; var w = new float[n];
        var rng = new Xoshiro256(6);
        var copy = rng.Clone();
        VariationalKernels.SampleWeights(mu, rho, rng, eps, w);
        var eps2 = new float[n]; var w2 = new float[n];
        copy.FillStandardNormal(eps2);
        VariationalKernels.SampleWeights(mu, rho, eps2, w2);
        Assert.True(eps.AsSpan().SequenceEqual(eps2));
        Assert.True(w.AsSpan().SequenceEqual(w2));
    }

    [Fact]
    public void ReparameterizationBackward_matches_the_double_reference_at_every_width()
    {
        var g = Normal(N, 7); var eps = Normal(N, 8); var rho = Uniform(N, -100, 20, 9);
        var gMu0 = Normal(N, 10); var gRho0 = Normal(N, 11);
        foreach (var width in Simd.All)
        {
            var gMu = (float[])gMu0.Clone(); var gRho = (float[])gRho0.Clone();
            VariationalKernels.ReparameterizationBackwardCore(width, g, eps, rho, gMu, gRho);
            for (int i = 0; i < N; i++)
            {
                Close(gMu0[i] + (double)g[i], gMu[i], 1e-6, 1e-7, $"{width} gradMu[{i}]");
                double term = (double)g[i] * eps[i] * SigmoidD(rho[i]);
                Close(gRho0[i] + term, gRho[i], 1e-6, 1e-6 * (Math.Abs(term) + Math.Abs(gRho0[i])), $"{width} gradRho[{i}]");
            }
        }
    }

    // ---- KL -----------------------------------------------------------------------------------------------------

    [Fact]
    public void GaussianKl_value_and_gradient_match_double_and_central_differences_at_every_width()
    {
        var mu = Uniform(N, -1, 1, 12); var rho = Uniform(N, -8, 3, 13);
        const float s = 0.7f, scale = 0.25f;
        foreach (var width in Simd.All)
        {
            var gMu = new float[N]; var gRho = new float[N];
            double kl = VariationalKernels.GaussianKlCore(width, mu, rho, s, scale, gMu, gRho);
            double expected = 0;
            for (int i = 0; i < N; i++)
            {
                expected += GaussianKlD(mu[i], rho[i], s);
                var (dMu, dRho) = CentralDifference((m, r) => GaussianKlD(m, r, s), mu[i], rho[i]);
                Close(scale * dMu, gMu[i], 1e-4, 1e-6, $"{width} ∂KL/∂μ[{i}]");
                Close(scale * dRho, gRho[i], 1e-4, 1e-6, $"{width} ∂KL/∂ρ[{i}]");
            }
            Close(expected, kl, 1e-6, 1e-6, $"{width} KL");
        }
    }

    [Fact]
    public void GaussianKl_is_zero_for_q_equal_to_the_prior_and_positive_otherwise()
    {
        // ρ with softplus(ρ) = 1: ρ = log(e − 1)
        float rho1 = (float)Math.Log(Math.E - 1);
        double kl = VariationalKernels.GaussianKl([0f], [rho1], VariationalKernels.Softplus(rho1), 0, [], []);
        Assert.True(Math.Abs(kl) < 1e-6, $"KL(q‖q) = {kl}");
        var mu = Uniform(N, -1, 1, 14); var rho = Uniform(N, -10, 5, 15);
        for (int i = 0; i < N; i++) Assert.True(VariationalKernels.GaussianKl(mu.AsSpan(i, 1), rho.AsSpan(i, 1), 1, 0, [], []) > 0);
    }

    [Fact]
    public void GaussianKl_and_its_gradient_stay_finite_and_exact_at_rho_minus_100()
    {
        foreach (var width in Simd.All)
        {
            float[] mu = new float[17], rho = Enumerable.Repeat(-100f, 17).ToArray(), gMu = new float[17], gRho = new float[17];
            double kl = VariationalKernels.GaussianKlCore(width, mu, rho, 1f, 1f, gMu, gRho);
            // per element: log 1 − log σ + (σ² + 0)/2 − ½ with log σ = −100 and σ² = 0 in float
            Assert.Equal(17 * 99.5, kl, 1e-9);
            // ∂KL/∂ρ = σ·sigmoid(ρ) − sigmoid(ρ)/σ → −1 as ρ → −∞
            Assert.All(gRho, g => Assert.Equal(-1f, g));
            Assert.All(gMu, g => Assert.Equal(0f, g));
        }
    }

    [Fact]
    public void ScaleMixtureKl_value_and_pathwise_gradient_match_double_and_central_differences_at_every_width()
    {
        var mu = Uniform(N, -0.3f, 0.3f, 16); var rho = Uniform(N, -8, 0, 17); var eps = Normal(N, 18);
        const float scale = 2f;
        foreach (var width in Simd.All)
        {
            var gMu = new float[N]; var gRho = new float[N];
            double kl = VariationalKernels.ScaleMixtureKlCore(width, mu, rho, eps, new MixturePriorConstants((float)Pi, (float)S1, (float)S2), scale, gMu, gRho);
            double expected = 0;
            for (int i = 0; i < N; i++)
            {
                double e = eps[i];
                expected += MixtureKlD(mu[i], rho[i], e);
                var (dMu, dRho) = CentralDifference((m, r) => MixtureKlD(m, r, e), mu[i], rho[i]);
                double size = Math.Abs(dMu) + Math.Abs(dRho);
                Close(scale * dMu, gMu[i], 1e-4, 1e-4 * size, $"{width} ∂KL/∂μ[{i}]");
                Close(scale * dRho, gRho[i], 1e-4, 1e-4 * size, $"{width} ∂KL/∂ρ[{i}]");
            }
            Close(expected, kl, 1e-6, 1e-4, $"{width} KL");
        }
    }

    [Fact]
    public void Monte_Carlo_mixture_KL_with_equal_components_averages_to_the_closed_form_within_4_standard_errors()
    {
        // with σ₁ = σ₂ = s the mixture is N(0, s²), so E_ε[log q(w) − log p(w)] is the closed-form KL
        const int n = 200_000;
        const float s = 0.5f, muValue = 0.3f, rhoValue = -1.2f;
        var mu = Enumerable.Repeat(muValue, n).ToArray(); var rho = Enumerable.Repeat(rhoValue, n).ToArray();
        var eps = Normal(n, 19);
        var each = new double[n];
        for (int i = 0; i < n; i += 1000)
            for (int j = i; j < i + 1000; j++)
                each[j] = VariationalKernels.ScaleMixtureKl(mu.AsSpan(j, 1), rho.AsSpan(j, 1), eps.AsSpan(j, 1), 0.3f, s, s, 0, [], []);
        double mean = each.Average(), sd = Math.Sqrt(each.Select(x => (x - mean) * (x - mean)).Sum() / (n - 1));
        double closed = GaussianKlD(muValue, rhoValue, s);
        Assert.True(Math.Abs(mean - closed) < 4 * sd / Math.Sqrt(n), $"MC {mean} vs closed form {closed} (SE {sd / Math.Sqrt(n)})");
        double total = VariationalKernels.ScaleMixtureKl(mu, rho, eps, 0.3f, s, s, 0, [], []);
        Close(each.Sum(), total, 1e-6, 1e-3, "vectorised sum");
    }

    [Fact]
    public void ScaleMixtureLogDensity_matches_log_sum_exp_in_double_and_its_derivative_by_central_differences()
    {
        float[] w = [0f, 1e-4f, 1e-3f, 0.0025f, 0.01f, 0.1f, 0.5f, 1f, 3f, 10f, -0.02f];
        var logp = new float[w.Length]; var dlogp = new float[w.Length];
        VariationalKernels.ScaleMixtureLogDensity(w, (float)Pi, (float)S1, (float)S2, logp, dlogp);
        double halfLog2Pi = 0.5 * Math.Log(2 * Math.PI);
        for (int i = 0; i < w.Length; i++)
        {
            double x = w[i];
            Close(LogMixtureD(x, Pi, S1, S2) - halfLog2Pi, logp[i], 1e-6, 1e-6, $"log p({x})");
            double h = 1e-7 + 1e-6 * Math.Abs(x);
            double numeric = (LogMixtureD(x + h, Pi, S1, S2) - LogMixtureD(x - h, Pi, S1, S2)) / (2 * h);
            Close(numeric, dlogp[i], 1e-4, 1e-3, $"d log p/dw({x})");
        }
    }

    // ---- Adam -----------------------------------------------------------------------------------------------------

    [Fact]
    public void Adam_first_two_steps_match_the_hand_computation()
    {
        // θ = 1, lr 0.1, β₁ 0.9, β₂ 0.999. Step 1, g = 0.5: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25, θ = 1 − 0.1·0.5/0.5 = 0.9.
        // The float β's are not exactly 0.9 and 0.999 (1 − 0.999f = 0.00100005), hence relative tolerances of 1e-6 on m
        // and 1e-4 on v. Step 2, g = −0.5: m = −0.005, v = 0.00049975, m̂ = −0.005/0.19, v̂ = 0.00049975/0.001999 = 0.25,
        // θ = 0.9 + 0.1·(0.005/0.19)/0.5 = 0.905263158.
        foreach (var width in Simd.All)
        {
            float[] theta = Enumerable.Repeat(1f, 19).ToArray(), m = new float[19], v = new float[19];
            VariationalKernels.AdamStepCore(width, theta, Enumerable.Repeat(0.5f, 19).ToArray(), m, v, new AdamConstants(0.1f, 0.9f, 0.999f, 1e-8f, 1));
            Assert.All(m, x => Assert.Equal(0.05f, x, 5e-8f));
            Assert.All(v, x => Assert.Equal(0.00025f, x, 2.5e-8f));
            Assert.All(theta, x => Assert.Equal(0.9f, x, 1e-6f));
            VariationalKernels.AdamStepCore(width, theta, Enumerable.Repeat(-0.5f, 19).ToArray(), m, v, new AdamConstants(0.1f, 0.9f, 0.999f, 1e-8f, 2));
            Assert.All(m, x => Assert.Equal(-0.005f, x, 2e-8f));
            Assert.All(v, x => Assert.Equal(0.00049975f, x, 5e-8f));
            Assert.All(theta, x => Assert.Equal(0.905263158f, x, 2e-6f));
        }
    }

    [Fact]
    public void Adam_matches_the_double_reference_on_random_gradients_at_every_width()
    {
        var theta0 = Normal(N, 20); var g = Normal(N, 21); var m0 = Normal(N, 22); var v0 = Uniform(N, 0, 2, 23);
        foreach (var width in Simd.All)
        {
            var theta = (float[])theta0.Clone(); var m = (float[])m0.Clone(); var v = (float[])v0.Clone();
            VariationalKernels.AdamStepCore(width, theta, g, m, v, new AdamConstants(1e-3f, 0.9f, 0.999f, 1e-8f, 7));
            for (int i = 0; i < N; i++)
            {
                double mm = 0.9 * m0[i] + 0.1 * g[i], vv = 0.999 * v0[i] + 0.001 * (double)g[i] * g[i];
                double step = 1e-3 * (mm / (1 - Math.Pow(0.9, 7))) / (Math.Sqrt(vv / (1 - Math.Pow(0.999, 7))) + 1e-8);
                Close(mm, m[i], 1e-6, 1e-7, $"{width} m[{i}]");
                Close(vv, v[i], 1e-6, 1e-7, $"{width} v[{i}]");
                Close(theta0[i] - step, theta[i], 1e-6, 1e-6 * Math.Abs(step) + 1e-7, $"{width} θ[{i}]");
            }
        }
    }

    // ---- fused update ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fused_update_equals_backward_then_KL_then_two_Adam_steps(bool mixture)
    {
        var mu0 = Uniform(N, -0.2f, 0.2f, 24); var rho0 = Uniform(N, -7, -2, 25); var gW = Normal(N, 26); var eps = Normal(N, 27);
        var mm0 = Normal(N, 28); var vm0 = Uniform(N, 0, 1, 29); var mr0 = Normal(N, 30); var vr0 = Uniform(N, 0, 1, 31);
        const float scale = 1f / 469, s = 1f;
        var mix = new MixturePriorConstants(0.5f, 1f, MathF.Exp(-6));
        var adam = new AdamConstants(1e-3f, 0.9f, 0.999f, 1e-8f, 3);
        foreach (var width in Simd.All)
        {
            // separate kernels
            var gMu = new float[N]; var gRho = new float[N];
            VariationalKernels.ReparameterizationBackwardCore(width, gW, eps, rho0, gMu, gRho);
            double klSeparate = mixture
                ? VariationalKernels.ScaleMixtureKlCore(width, mu0, rho0, eps, mix, scale, gMu, gRho)
                : VariationalKernels.GaussianKlCore(width, mu0, rho0, s, scale, gMu, gRho);
            float[] mu1 = (float[])mu0.Clone(), rho1 = (float[])rho0.Clone(), mm1 = (float[])mm0.Clone(), vm1 = (float[])vm0.Clone(), mr1 = (float[])mr0.Clone(), vr1 = (float[])vr0.Clone();
            VariationalKernels.AdamStepCore(width, mu1, gMu, mm1, vm1, adam);
            VariationalKernels.AdamStepCore(width, rho1, gRho, mr1, vr1, adam);
            // fused
            float[] mu2 = (float[])mu0.Clone(), rho2 = (float[])rho0.Clone(), mm2 = (float[])mm0.Clone(), vm2 = (float[])vm0.Clone(), mr2 = (float[])mr0.Clone(), vr2 = (float[])vr0.Clone();
            double klFused = VariationalKernels.Update(width, mu2, rho2, gW, eps, mixture, new GaussianPriorConstants(s), mix, scale, mm2, vm2, mr2, vr2, adam);
            Close(klSeparate, klFused, 1e-6, 1e-6, $"{width} KL");
            for (int i = 0; i < N; i++)
            {
                Close(mu1[i], mu2[i], 1e-6, 1e-7, $"{width} μ[{i}]");
                Close(rho1[i], rho2[i], 1e-6, 1e-7, $"{width} ρ[{i}]");
                Close(mm1[i], mm2[i], 1e-5, 1e-7, $"{width} m_μ[{i}]");
                Close(vr1[i], vr2[i], 1e-5, 1e-9, $"{width} v_ρ[{i}]");
            }
        }
    }

    // ---- validation --------------------------------------------------------------------------------------------

    [Fact]
    public void Mismatched_lengths_and_invalid_priors_are_rejected_with_the_parameter_name()
    {
        var e = Assert.Throws<ArgumentException>(() => VariationalKernels.SampleWeights(new float[3], new float[2], new float[3], new float[3]));
        Assert.Equal("rho", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => VariationalKernels.ReparameterizationBackward(new float[3], new float[3], new float[3], new float[3], new float[4]));
        Assert.Equal("gradRho", e.ParamName);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => VariationalKernels.GaussianKl(new float[1], new float[1], 0f, 0, [], []));
        Assert.Equal("priorSigma", r.ParamName);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => VariationalKernels.ScaleMixtureKl(new float[1], new float[1], new float[1], 1f, 1, 1, 0, [], []));
        Assert.Equal("pi", r.ParamName);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => VariationalKernels.ScaleMixtureKl(new float[1], new float[1], new float[1], 0.5f, 1, float.NaN, 0, [], []));
        Assert.Equal("sigma2", r.ParamName);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => VariationalKernels.AdamStep(new float[1], new float[1], new float[1], new float[1], 1e-3f, 0.9f, 0.999f, 1e-8f, 0));
        Assert.Equal("t", r.ParamName);
        Assert.Throws<ArgumentNullException>(() => VariationalKernels.SampleWeights(new float[1], new float[1], null!, new float[1], new float[1]));
    }
}

public class VariationalKernelsDeterminismTests
{
    [Fact]
    public void Every_kernel_gives_the_same_bits_at_every_width_and_for_one_or_two_threads()
    {
        int n = 2 * ElementLoop.Chunk + 1234; // several chunks and a scalar tail
        var rng = new Xoshiro256(40);
        float[] mu = new float[n], rho = new float[n], eps = new float[n], gW = new float[n];
        rng.FillUniform(mu); rng.FillUniform(rho); rng.FillStandardNormal(eps); rng.FillStandardNormal(gW);
        for (int i = 0; i < n; i++) { mu[i] = 0.2f * mu[i] - 0.1f; rho[i] = 200 * rho[i] - 100; }
        var mix = new MixturePriorConstants(0.5f, 1f, MathF.Exp(-6));
        var adam = new AdamConstants(1e-3f, 0.9f, 0.999f, 1e-8f, 4);

        (float[][] Arrays, double[] Sums) RunAll(SimdWidth width, int threads)
        {
            int saved = Simd.MaxThreads;
            Simd.MaxThreads = threads;
            try
            {
                var w = new float[n]; var gMu = new float[n]; var gRho = new float[n];
                VariationalKernels.SampleWeightsCore(width, mu, rho, eps, w);
                VariationalKernels.ReparameterizationBackwardCore(width, gW, eps, rho, gMu, gRho);
                double kl = VariationalKernels.GaussianKlCore(width, mu, rho, 0.7f, 0.01f, gMu, gRho);
                double mc = VariationalKernels.ScaleMixtureKlCore(width, mu, rho, eps, mix, 0.01f, gMu, gRho);
                float[] m1 = (float[])mu.Clone(), r1 = (float[])rho.Clone(), a = new float[n], b = new float[n], c = new float[n], d = new float[n];
                double up = VariationalKernels.Update(width, m1, r1, gW, eps, true, default, mix, 0.01f, a, b, c, d, adam);
                VariationalKernels.AdamStepCore(width, m1, gMu, a, b, adam);
                return ([w, gMu, gRho, m1, r1, a, b, c, d], [kl, mc, up]);
            }
            finally { Simd.MaxThreads = saved; }
        }

        var (reference, _) = RunAll(SimdWidth.Scalar, 1);
        foreach (var width in Simd.All)
        {
            var (_, oneThreadSums) = RunAll(width, 1);
            foreach (int threads in new[] { 1, 2 })
            {
                var (arrays, sums) = RunAll(width, threads);
                for (int k = 0; k < arrays.Length; k++)
                    Assert.True(arrays[k].AsSpan().SequenceEqual(reference[k]), $"{width}, {threads} threads: output {k} differs");
                Assert.Equal(oneThreadSums, sums); // sums group lanes by width, so they are compared per width
            }
        }
    }
}
