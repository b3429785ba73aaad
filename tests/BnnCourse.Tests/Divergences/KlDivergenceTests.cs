using BnnCourse;
using BnnCourse.Numerics;
using BnnCourse.Tests.Support;

namespace BnnCourse.Tests.Divergences;

public class KlDivergenceTests
{
    static GaussianPosterior RandomPosterior(int n, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        return GaussianPosterior.FromMuRho(TestData.Uniform(rng, n, -0.8f, 0.8f), TestData.Uniform(rng, n, -3f, 1f));
    }

    static double Closed(GaussianPosterior q, Prior p) => KlDivergence.ClosedForm.Value(q, p, new Xoshiro256(0));

    [Fact]
    public void Closed_form_kl_of_a_distribution_against_itself_is_zero()
    {
        var q = GaussianPosterior.FromMuSigma(new float[100], Enumerable.Repeat(0.7f, 100).ToArray());
        Assert.Equal(0.0, Closed(q, Prior.Gaussian(0.7f)), 5);
    }

    [Fact]
    public void Closed_form_kl_is_non_negative_for_random_posteriors_and_priors()
    {
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var q = RandomPosterior(50, seed);
            Assert.True(Closed(q, Prior.Gaussian(0.1f * seed)) >= 0);
        }
    }

    [Fact]
    public void Closed_form_kl_matches_a_hand_computed_value()
    {
        // KL(N(1, 0.5²) ‖ N(0, 2²)) = log(2/0.5) + (0.25 + 1)/8 − 1/2 = 1.3862944 + 0.15625 − 0.5
        var q = GaussianPosterior.FromMuSigma([1f], [0.5f]);
        Assert.Equal(Math.Log(4) + 1.25 / 8 - 0.5, Closed(q, Prior.Gaussian(2f)), 5);
    }

    [Fact]
    public void Monte_carlo_kl_averages_to_the_closed_form_within_4_standard_errors()
    {
        var q = RandomPosterior(200, 3);
        var prior = Prior.Gaussian(1f);
        double closed = Closed(q, prior);
        var rng = new Xoshiro256(42);
        const int n = 4000;
        double sum = 0, sumSq = 0;
        for (int s = 0; s < n; s++)
        {
            double v = KlDivergence.MonteCarlo.Value(q, prior, rng);
            sum += v; sumSq += v * v;
        }
        double mean = sum / n, se = Math.Sqrt((sumSq / n - mean * mean) / (n - 1));
        Assert.True(Math.Abs(mean - closed) <= 4 * se, $"Monte Carlo {mean} ± {se} vs closed form {closed}");
    }

    [Fact]
    public void Closed_form_kl_gradients_match_central_differences()
    {
        var q = RandomPosterior(30, 5);
        var prior = Prior.Gaussian(0.6f);
        var gMu = new float[30];
        var gRho = new float[30];
        KlDivergence.ClosedForm.Evaluate(q, prior, default, default, 1f, gMu, gRho, default);
        GradientCheck.Assert("∂KL/∂μ", q.Mu, gMu, () => Closed(q, prior), GradientCheck.Spread(30), h: 1e-3);
        GradientCheck.Assert("∂KL/∂ρ", q.Rho, gRho, () => Closed(q, prior), GradientCheck.Spread(30), h: 1e-3);
    }

    /// <summary>f(θ) = log q(w | θ) − log P(w) at w = μ + σ(ρ) ε with ε held fixed: the function Blundell's update differentiates.</summary>
    static double MonteCarloAtFixedEpsilon(GaussianPosterior q, Prior prior, float[] eps)
    {
        var w = new float[q.Count];
        q.Reparameterize(eps, w);
        return KlDivergence.MonteCarlo.Evaluate(q, prior, eps, w, 0f, default, default, default);
    }

    [Fact]
    public void Monte_carlo_kl_gradients_at_fixed_epsilon_match_central_differences()
    {
        Prior[] priors = [Prior.Gaussian(0.5f), Prior.ScaleMixture(0.5f, 1f, 0.05f)];
        foreach (var prior in priors)
        {
            var q = RandomPosterior(30, 9);
            var eps = TestData.Normal(new Xoshiro256(10), 30);
            var w = new float[30];
            q.Reparameterize(eps, w);
            var gMu = new float[30];
            var gRho = new float[30];
            KlDivergence.MonteCarlo.Evaluate(q, prior, eps, w, 1f, gMu, gRho, new float[30]);
            GradientCheck.Assert($"{prior} ∂f/∂μ", q.Mu, gMu, () => MonteCarloAtFixedEpsilon(q, prior, eps), GradientCheck.Spread(30), h: 1e-3);
            GradientCheck.Assert($"{prior} ∂f/∂ρ", q.Rho, gRho, () => MonteCarloAtFixedEpsilon(q, prior, eps), GradientCheck.Spread(30), h: 1e-3);
        }
    }

    [Fact]
    public void Monte_carlo_kl_gradients_average_to_the_closed_form_gradients()
    {
        // Unbiasedness of Blundell's update: E_ε[Δμ, Δρ] = ∇KL. Per coordinate, within 4 standard errors.
        var q = RandomPosterior(6, 12);
        var prior = Prior.Gaussian(0.8f);
        var exactMu = new float[6];
        var exactRho = new float[6];
        KlDivergence.ClosedForm.Evaluate(q, prior, default, default, 1f, exactMu, exactRho, default);
        var rng = new Xoshiro256(77);
        const int n = 20000;
        var eps = new float[6];
        var w = new float[6];
        var scratch = new float[6];
        var sums = new double[12];
        var sumSq = new double[12];
        for (int s = 0; s < n; s++)
        {
            var gMu = new float[6];
            var gRho = new float[6];
            q.Sample(rng, eps, w);
            KlDivergence.MonteCarlo.Evaluate(q, prior, eps, w, 1f, gMu, gRho, scratch);
            for (int i = 0; i < 6; i++)
            {
                sums[i] += gMu[i]; sumSq[i] += (double)gMu[i] * gMu[i];
                sums[6 + i] += gRho[i]; sumSq[6 + i] += (double)gRho[i] * gRho[i];
            }
        }
        for (int k = 0; k < 12; k++)
        {
            double mean = sums[k] / n, se = Math.Sqrt((sumSq[k] / n - mean * mean) / (n - 1));
            double exact = k < 6 ? exactMu[k] : exactRho[k - 6];
            Assert.True(Math.Abs(mean - exact) <= 4 * se + 1e-6, $"coordinate {k}: Monte Carlo {mean} ± {se} vs closed form {exact}");
        }
    }

    [Fact]
    public void Monte_carlo_kl_against_a_scale_mixture_is_finite_at_the_default_initialisation()
    {
        var q = GaussianPosterior.Initialize(1000, 0.1f, -5f, new Xoshiro256(1));
        double v = KlDivergence.MonteCarlo.Value(q, Prior.ScaleMixture(0.5f, 1f, MathF.Exp(-6f)), new Xoshiro256(2));
        Assert.True(double.IsFinite(v));
    }
}

public class MonteCarloKlAgreementTests
{
    [Fact]
    public void Monte_carlo_kl_with_gradient_equals_log_q_minus_log_p_computed_in_double()
    {
        // The training path (fused kernel for the scale mixture, vectorised loop for other priors) against the
        // double-precision log-densities at the same sample, to float rounding of the summed terms.
        Prior[] priors = [Prior.ScaleMixture(0.5f, 1f, MathF.Exp(-6f)), Prior.ScaleMixture(0.25f, 2f, 0.1f), Prior.Gaussian(0.3f)];
        var rng = new Xoshiro256(4);
        var q = GaussianPosterior.FromMuRho(TestData.Uniform(rng, 1001, -0.3f, 0.3f), TestData.Uniform(rng, 1001, -8f, 0f));
        var eps = new float[1001];
        var w = new float[1001];
        q.Sample(rng, eps, w);
        foreach (var prior in priors)
        {
            double fused = KlDivergence.MonteCarlo.Evaluate(q, prior, eps, w, 1f, new float[1001], new float[1001], new float[1001]);
            double exact = q.LogDensity(w) - prior.LogDensity(w);
            double scale = Math.Abs(q.LogDensity(w)) + Math.Abs(prior.LogDensity(w));
            Assert.True(Math.Abs(fused - exact) <= 2e-6 * scale, $"{prior}: {fused} vs {exact}");
        }
    }
}

public class KlStabilityTests
{
    [Fact]
    public void Both_kl_forms_and_their_gradients_stay_finite_for_rho_from_minus_100_to_100()
    {
        var rho = Enumerable.Range(0, 201).Select(i => (float)(i - 100)).ToArray();
        var q = GaussianPosterior.FromMuRho(new float[201], rho);
        var eps = TestData.Normal(new Xoshiro256(1), 201);
        var w = new float[201];
        q.Reparameterize(eps, w);
        var cases = new (KlDivergence Kl, Prior Prior)[]
        {
            (KlDivergence.ClosedForm, Prior.Gaussian(1f)),
            (KlDivergence.MonteCarlo, Prior.Gaussian(1f)),
            (KlDivergence.MonteCarlo, Prior.ScaleMixture(0.5f, 1f, MathF.Exp(-6f))),
        };
        foreach (var (kl, prior) in cases)
        {
            var gMu = new float[201];
            var gRho = new float[201];
            double value = kl.Evaluate(q, prior, eps, w, 1f, gMu, gRho, new float[201]);
            Assert.True(double.IsFinite(value), $"{kl} against {prior}: {value}");
            Assert.All(gMu.Concat(gRho), g => Assert.True(float.IsFinite(g), $"{kl} against {prior}: gradient {g}"));
        }
    }
}
