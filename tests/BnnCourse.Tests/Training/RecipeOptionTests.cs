using BnnCourse;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Training;

/// <summary>
/// The training options of notebook 12: a KL-weight schedule (annealing, tempering), a separate Adam step size for ρ,
/// the initial σ given directly, and the fan-in scaled μ initialisation.
/// </summary>
public class RecipeOptionTests
{
    static (Matrix X, Matrix Y) Data(int n, Xoshiro256 rng)
    {
        var x = new Matrix(n, 2);
        var y = new Matrix(n, 1);
        for (int i = 0; i < n; i++)
        {
            x[i, 0] = (float)rng.NextStandardNormal(); x[i, 1] = (float)rng.NextStandardNormal();
            y[i, 0] = x[i, 0] - 2f * x[i, 1] + 0.1f * (float)rng.NextStandardNormal();
        }
        return (x, y);
    }

    static (FreeEnergy Objective, Network Net) Model(int seed)
    {
        var rng = new Xoshiro256((ulong)seed);
        var net = new Network(new BayesianDense(2, 8, Prior.Gaussian(1f), rng), Activation.ReLU, new BayesianDense(8, 1, Prior.Gaussian(1f), rng));
        return (new FreeEnergy(net, Likelihood.Gaussian(0.5f)), net);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_schedule_multiplies_the_kl_weight_by_its_value_for_the_current_epoch(bool fuse)
    {
        // Per step, the reported complexity cost is λₑ·πᵢ·KL with πᵢ = 1/M (per-minibatch weighting): checked by value
        // for a linear warm-up over 4 epochs, with the epochs the schedule was asked for.
        var (x, y) = Data(32, new Xoshiro256(1));
        var (objective, _) = Model(2);
        var trainer = new Trainer(objective, new Adam(objective.Parameters, 1e-2f), 8, fuseUpdates: fuse);
        Assert.Equal(fuse, trainer.FuseUpdates);
        var asked = new List<int>();
        trainer.KlSchedule = e => { asked.Add(e); return Math.Min(1f, e / 4f); };
        var steps = new List<TrainingReport>();
        trainer.Fit(x, y, 5, new Xoshiro256(3), new SynchronousProgress<TrainingReport>(r => { if (!r.IsEpoch) steps.Add(r); }));
        Assert.Equal(20, steps.Count);
        Assert.Equal(Enumerable.Range(1, 5).SelectMany(e => Enumerable.Repeat(e, 4)), asked);
        foreach (var r in steps)
        {
            double lambda = Math.Min(1.0, r.Epoch / 4.0);
            Assert.True(r.Parts.Kl > 0);
            Assert.Equal(lambda * r.Parts.Kl / 4, r.Parts.ComplexityCost, r.Parts.Kl * 1e-6);
        }
    }

    [Fact]
    public void A_schedule_changes_training_fused_equals_unfused_and_lambda_one_is_no_schedule()
    {
        var (x, y) = Data(32, new Xoshiro256(1));
        float[][] Train(Func<int, float>? schedule, bool fuse)
        {
            var (objective, net) = Model(2);
            var trainer = new Trainer(objective, new Adam(objective.Parameters, 1e-2f), 8, fuseUpdates: fuse) { KlSchedule = schedule };
            trainer.Fit(x, y, 3, new Xoshiro256(3));
            return [.. net.Parameters.Select(p => (float[])p.Value.Clone())];
        }
        var plain = Train(null, true);
        var one = Train(_ => 1f, true);
        var cold = Train(_ => 0.1f, true);
        var coldUnfused = Train(_ => 0.1f, false);
        for (int k = 0; k < plain.Length; k++) Assert.Equal(plain[k], one[k]);
        // Tempering changes the ρs (the KL pulls σ towards the prior; with λ = 0.1 it pulls less).
        Assert.True(plain[1].Zip(cold[1]).Max(p => MathF.Abs(p.First - p.Second)) > 1e-3f);
        for (int k = 0; k < cold.Length; k++)
            for (int i = 0; i < cold[k].Length; i++) Assert.Equal(coldUnfused[k][i], cold[k][i], 1e-4f);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(-0.5f)]
    [InlineData(float.PositiveInfinity)]
    public void A_schedule_value_that_is_negative_or_not_finite_is_refused_naming_the_epoch_and_value(float lambda)
    {
        var (x, y) = Data(8, new Xoshiro256(1));
        var (objective, net) = Model(2);
        var before = net.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        var trainer = new Trainer(objective, new Adam(objective.Parameters), 8) { KlSchedule = _ => lambda };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(x, y, 1, new Xoshiro256(3)));
        Assert.Equal("KlSchedule", e.ParamName);
        Assert.Contains("KlSchedule(1)", e.Message);
        Assert.Contains(lambda.ToString(), e.Message);
        for (int k = 0; k < before.Length; k++) Assert.Equal(before[k], net.Parameters[k].Value);
    }

    [Fact]
    public void Adam_steps_rho_with_its_own_rate_and_everything_else_with_the_learning_rate()
    {
        // At t = 1, m̂/√v̂ = g/|g|: every element with g ≠ 0 moves by exactly its group's rate (up to ϵ and rounding).
        var (x, y) = Data(16, new Xoshiro256(1));
        var (objective, net) = Model(2);
        var before = net.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        var adam = new Adam(objective.Parameters, 1e-3f, rhoLearningRate: 4e-2f);
        Assert.Equal(4e-2f, adam.RhoLearningRate);
        new Trainer(objective, adam, 16).Step(x.Data, y.Data, 16, new Minibatch(1, 1, 16), new Xoshiro256(4));
        for (int k = 0; k < before.Length; k++)
        {
            float rate = net.Parameters[k].Name.StartsWith('ρ') ? 4e-2f : 1e-3f;
            var moved = before[k].Zip(net.Parameters[k].Value, (a, b) => MathF.Abs(a - b)).Where(d => d > 0).ToArray();
            Assert.NotEmpty(moved);
            Assert.All(moved, d => Assert.Equal(rate, d, rate * 1e-3f));
        }
    }

    [Fact]
    public void A_trainer_declines_fusion_for_adam_with_a_rho_rate_and_then_writes_every_gradient()
    {
        // The documented sign of an unfused step: the BayesianDense gradients in the trainer's workspace are written.
        var (x, y) = Data(16, new Xoshiro256(1));
        foreach (float? rhoRate in new float?[] { null, 1e-3f })
        {
            var (objective, _) = Model(2);
            var trainer = new Trainer(objective, new Adam(objective.Parameters, 1e-3f, rhoLearningRate: rhoRate), 16);
            trainer.Step(x.Data, y.Data, 16, new Minibatch(1, 1, 16), new Xoshiro256(4));
            Assert.Equal(rhoRate is null, trainer.FuseUpdates);
            Assert.Equal(rhoRate is not null, trainer.Workspace.Gradients[1].Any(g => g != 0f)); // unfused steps write every gradient
        }
        Assert.Equal("rhoLearningRate", Assert.ThrowsAny<ArgumentException>(() => new Adam(Model(2).Objective.Parameters, rhoLearningRate: 0f)).ParamName);
    }

    [Fact]
    public void Initial_sigma_sets_every_sigma_and_excludes_initial_rho()
    {
        var layer = new BayesianDense(3, 4, Prior.Gaussian(1f), new Xoshiro256(1), initialSigma: 0.05f);
        Assert.All(layer.Weights.Sigma(), s => Assert.Equal(0.05f, s, 1e-6f));
        Assert.All(layer.Bias.Sigma(), s => Assert.Equal(0.05f, s, 1e-6f));
        Assert.Equal("initialSigma", Assert.ThrowsAny<ArgumentException>(() => new BayesianDense(3, 4, Prior.Gaussian(1f), new Xoshiro256(1), initialRho: -3f, initialSigma: 0.05f)).ParamName);
        Assert.Equal("initialSigma", Assert.ThrowsAny<ArgumentException>(() => new BayesianDense(3, 4, Prior.Gaussian(1f), new Xoshiro256(1), initialSigma: -1f)).ParamName);
        var defaults = new BayesianDense(3, 4, Prior.Gaussian(1f), new Xoshiro256(1));
        Assert.All(defaults.Weights.Rho, r => Assert.Equal(-5f, r));
        Assert.All(defaults.Weights.Mu, m => Assert.InRange(m, -0.1f, 0.1f));
    }

    [Fact]
    public void Fan_in_scaled_mu_draws_weights_and_biases_from_plus_minus_one_over_root_fan_in()
    {
        var net = Network.BayesianMlp([784, 400, 10], Prior.Gaussian(1f), new Xoshiro256(1), fanInScaledMu: true, initialSigma: 0.01f);
        foreach (var (layer, fanIn) in new[] { ((BayesianDense)net.Layers[0], 784), ((BayesianDense)net.Layers[2], 400) })
        {
            float bound = 1f / MathF.Sqrt(fanIn);
            foreach (var mu in new[] { layer.Weights.Mu, layer.Bias.Mu })
            {
                Assert.All(mu, m => Assert.InRange(m, -bound, bound));
                Assert.True(mu.Max(MathF.Abs) > 0.9f * bound, $"max |μ| = {mu.Max(MathF.Abs)} for bound {bound}");
            }
            Assert.All(layer.Weights.Sigma(), s => Assert.Equal(0.01f, s, 1e-6f));
        }
        Assert.Equal("initialMuRange", Assert.ThrowsAny<ArgumentException>(() => new BayesianDense(3, 4, Prior.Gaussian(1f), new Xoshiro256(1), initialMuRange: 0.2f, fanInScaledMu: true)).ParamName);
    }

    [Fact]
    public void A_log_sigma_noise_round_trips_through_a_checkpoint_as_log_sigma()
    {
        var rng = new Xoshiro256(5);
        var net = Network.BayesianMlp([1, 4, 1], Prior.Gaussian(1f), rng);
        var likelihood = Likelihood.LearnedGaussian(0.37f, logSigma: true);
        string path = Path.Combine(Directory.CreateTempSubdirectory("logsigma").FullName, "m.bnn");
        try
        {
            TrainedModel.Save(path, new TrainedModel(net, likelihood, BnnCourse.Data.Standardizer.FromMeanScale([0.0], [1.0]), BnnCourse.Data.Standardizer.FromMeanScale([0.0], [1.0])));
            var loaded = (GaussianLikelihood)TrainedModel.Load(path).Likelihood;
            Assert.True(loaded.IsNoiseLogSigma);
            Assert.Equal(likelihood.NoiseRho[0], loaded.NoiseRho[0]);
            Assert.Equal(0.37f, loaded.NoiseSigma, 6);
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
    }
}
