using BnnCourse;
using BnnCourse.Numerics;
using BnnCourse.Tests.Support;

namespace BnnCourse.Tests.Objectives;

public class FreeEnergyTests
{
    const int N = 10, In = 2;

    static (float[] X, float[] Y) Data()
    {
        var rng = new Xoshiro256(31);
        return (TestData.Normal(rng, N * In), TestData.Normal(rng, N));
    }

    static Network SmallNetwork(Prior prior) => Network.BayesianMlp([In, 6, 1], prior, new Xoshiro256(4), activation: Activation.Tanh, initialMuRange: 0.6f, initialRho: -2f);

    public static TheoryData<KlWeighting, bool> Schemes => new()
    {
        { KlWeighting.PerMinibatch, false }, { KlWeighting.Geometric, false }, { KlWeighting.PerExample, false },
        { KlWeighting.PerMinibatch, true }, { KlWeighting.Geometric, true }, { KlWeighting.PerExample, true },
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Minibatch_costs_of_one_epoch_add_up_to_the_full_data_free_energy(KlWeighting scheme, bool mixturePrior)
    {
        // Fixed weights (mean mode, no sampling noise), N = 10 split into minibatches of 4, 4, 2.
        Prior prior = mixturePrior ? Prior.ScaleMixture(0.5f, 1f, 0.1f) : Prior.Gaussian(1f);
        var net = SmallNetwork(prior);
        var lik = Likelihood.LearnedGaussian(0.5f);
        var (x, y) = Data();
        var full = new FreeEnergy(net, lik, KlWeighting.PerMinibatch);
        var fullWs = full.CreateWorkspace(N);
        var f = full.EvaluateMean(fullWs, x, y, N, Minibatch.FullData(N));
        var fullGradients = fullWs.Gradients.Select(g => g.Select(v => (double)v).ToArray()).ToArray();

        var objective = new FreeEnergy(net, lik, scheme);
        var ws = objective.CreateWorkspace(4);
        double sum = 0;
        var gradientSums = fullGradients.Select(g => new double[g.Length]).ToArray();
        int[] sizes = [4, 4, 2];
        for (int i = 0, start = 0; i < 3; start += sizes[i], i++)
        {
            var part = objective.EvaluateMean(ws, x.AsSpan(start * In, sizes[i] * In), y.AsSpan(start, sizes[i]), sizes[i], new Minibatch(i + 1, 3, N));
            double weight = scheme == KlWeighting.PerExample ? sizes[i] : 1; // Σᵢ Bᵢ Fᵢ = F for per-example scaling
            sum += weight * part.Total;
            for (int k = 0; k < gradientSums.Length; k++)
                for (int j = 0; j < gradientSums[k].Length; j++) gradientSums[k][j] += weight * ws.Gradients[k][j];
        }
        Assert.True(Math.Abs(sum - f.Total) <= 1e-5 * Math.Abs(f.Total), $"{scheme}: Σ minibatch costs {sum} vs full F {f.Total}");
        for (int k = 0; k < gradientSums.Length; k++)
            for (int j = 0; j < gradientSums[k].Length; j++)
                Assert.True(Math.Abs(gradientSums[k][j] - fullGradients[k][j]) <= 1e-4 * (1 + Math.Abs(fullGradients[k][j])),
                    $"{scheme}: gradient {objective.Parameters[k]}[{j}] summed {gradientSums[k][j]} vs full {fullGradients[k][j]}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Free_energy_gradients_with_S_samples_match_central_differences(int samples)
    {
        var net = SmallNetwork(Prior.ScaleMixture(0.5f, 1f, 0.2f));
        var lik = Likelihood.LearnedGaussian(0.5f);
        var (x, y) = Data();
        var objective = new FreeEnergy(net, lik, KlWeighting.Geometric, samples);
        var ws = objective.CreateWorkspace(N);
        var mb = new Minibatch(2, 4, 40);
        double F() => objective.Evaluate(ws, x, y, N, mb, new Xoshiro256(123)).Total;
        F();
        var grads = ws.Gradients.Select(g => (float[])g.Clone()).ToArray();
        for (int k = 0; k < grads.Length; k++)
            GradientCheck.Assert(objective.Parameters[k].ToString(), objective.Parameters[k].Value, grads[k], F, GradientCheck.Spread(grads[k].Length, 5), h: 3e-3);
    }

    [Fact]
    public void Parts_add_up_and_carry_the_weights_of_the_scheme()
    {
        var net = SmallNetwork(Prior.Gaussian(1f));
        var (x, y) = Data();
        var objective = new FreeEnergy(net, Likelihood.Gaussian(1f), KlWeighting.PerExample);
        var part = objective.Evaluate(objective.CreateWorkspace(N), x, y, N, new Minibatch(1, 1, 50), new Xoshiro256(3));
        Assert.Equal(part.Kl / 50, part.ComplexityCost, 10);
        Assert.Equal(part.NegativeLogLikelihood / N, part.LikelihoodCost, 10);
        Assert.Equal(part.ComplexityCost + part.LikelihoodCost, part.Total, 12);
    }

    [Fact]
    public void Closed_form_kl_part_is_the_same_whatever_the_number_of_samples()
    {
        var net = SmallNetwork(Prior.Gaussian(1f));
        var (x, y) = Data();
        var mb = Minibatch.FullData(N);
        var one = new FreeEnergy(net, Likelihood.Gaussian(1f), samples: 1);
        var five = new FreeEnergy(net, Likelihood.Gaussian(1f), samples: 5);
        double kl1 = one.Evaluate(one.CreateWorkspace(N), x, y, N, mb, new Xoshiro256(1)).Kl;
        double kl5 = five.Evaluate(five.CreateWorkspace(N), x, y, N, mb, new Xoshiro256(2)).Kl;
        Assert.Equal(kl1, kl5, 8);
    }

    [Fact]
    public void Zero_samples_are_rejected_naming_samples()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new FreeEnergy(SmallNetwork(Prior.Gaussian(1f)), Likelihood.Gaussian(1f), samples: 0));
        Assert.Equal("samples", e.ParamName);
        Assert.Contains("0", e.Message);
    }

    [Fact]
    public void A_minibatch_index_beyond_the_count_is_rejected()
    {
        var objective = new FreeEnergy(SmallNetwork(Prior.Gaussian(1f)), Likelihood.Gaussian(1f));
        var (x, y) = Data();
        var e = Assert.ThrowsAny<ArgumentException>(() => objective.EvaluateMean(objective.CreateWorkspace(N), x, y, N, new Minibatch(5, 4, N)));
        Assert.Equal("minibatch", e.ParamName); // the method's parameter, not the record's property
        Assert.Contains("Index = 5", e.Message);
    }
}
