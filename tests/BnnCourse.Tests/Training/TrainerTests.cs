using BnnCourse;
using BnnCourse.Numerics;
using BnnCourse.Tests.Support;

namespace BnnCourse.Tests.Training;

public class TrainerTests
{
    /// <summary>Blundell's toy curve y = x + 0.3 sin(2π(x+ε)) + 0.3 sin(4π(x+ε)) + ε, ε ~ N(0, 0.02²), x ~ U(0, 0.5).</summary>
    static (Matrix X, Matrix Y) BlundellCurve(int n, Xoshiro256 rng)
    {
        var x = new Matrix(n, 1);
        var y = new Matrix(n, 1);
        for (int i = 0; i < n; i++)
        {
            double xi = 0.5 * rng.NextDouble();
            var eps = new float[1];
            rng.FillStandardNormal(eps);
            double e = 0.02 * eps[0];
            x[i, 0] = (float)xi;
            y[i, 0] = (float)(xi + 0.3 * Math.Sin(2 * Math.PI * (xi + e)) + 0.3 * Math.Sin(4 * Math.PI * (xi + e)) + e);
        }
        return (x, y);
    }

    static double Curve(double x) => x + 0.3 * Math.Sin(2 * Math.PI * x) + 0.3 * Math.Sin(4 * Math.PI * x);

    [Fact]
    public void A_small_bbb_network_fits_blundells_curve()
    {
        var rng = new Xoshiro256(2015);
        var (x, y) = BlundellCurve(256, rng);
        var net = Network.BayesianMlp([1, 32, 32, 1], Prior.Gaussian(1f), rng, initialMuRange: 0.5f, initialRho: -6f);
        var objective = new FreeEnergy(net, Likelihood.Gaussian(0.05f), KlWeighting.PerMinibatch);
        var trainer = new Trainer(objective, new Adam(objective.Parameters, learningRate: 1e-2f), batchSize: 32);
        trainer.Fit(x, y, epochs: 300, rng);

        // Fit criterion: the mean of 20 sampled predictions tracks the noiseless curve on a grid over [0, 0.5]:
        // RMSE well below the curve's own spread (its standard deviation over the interval is about 0.16).
        const int grid = 101;
        var xs = new Matrix(grid, 1);
        for (int i = 0; i < grid; i++) xs[i, 0] = 0.5f * i / (grid - 1);
        var mean = new double[grid];
        for (int s = 0; s < 20; s++)
        {
            var p = net.Predict(xs, rng);
            for (int i = 0; i < grid; i++) mean[i] += p[i, 0] / 20.0;
        }
        double sq = 0;
        for (int i = 0; i < grid; i++) sq += Math.Pow(mean[i] - Curve(xs[i, 0]), 2);
        double rmse = Math.Sqrt(sq / grid);
        Assert.True(rmse < 0.04, $"predictive-mean RMSE against the noiseless curve = {rmse:F4}");
    }
}

public class TrainerBehaviourTests
{
    static (Matrix X, Matrix Y) LinearData(int n, float[] w, float bias, float noise, Xoshiro256 rng)
    {
        var x = new Matrix(n, w.Length, TestData.Normal(rng, n * w.Length));
        var y = new Matrix(n, 1);
        var e = TestData.Normal(rng, n, noise);
        for (int i = 0; i < n; i++)
        {
            double s = bias + e[i];
            for (int j = 0; j < w.Length; j++) s += w[j] * x[i, j];
            y[i, 0] = (float)s;
        }
        return (x, y);
    }

    static Trainer MakeTrainer(Network net, float learningRate, int batch, KlWeighting weighting = KlWeighting.PerMinibatch, float noise = 0.1f, Optimizer? optimizer = null)
    {
        var objective = new FreeEnergy(net, Likelihood.Gaussian(noise), weighting);
        return new Trainer(objective, optimizer ?? new Adam(objective.Parameters, learningRate), batch);
    }

    [Fact]
    public void Linear_regression_weights_are_recovered()
    {
        float[] wTrue = [2f, -3f, 0.5f];
        var rng = new Xoshiro256(1);
        var (x, y) = LinearData(500, wTrue, 1.5f, 0.1f, rng);
        var layer = new BayesianDense(3, 1, Prior.Gaussian(1f), rng, GradientEstimator.LocalReparameterization);
        var trainer = MakeTrainer(new Network(layer), 0.05f, 50);
        trainer.Fit(x, y, 60, rng);
        // The posterior mean of a linear model with N = 500, noise 0.1 lies within ~0.005 of the truth (OLS standard error
        // 0.1/√500 ≈ 0.0045, prior shrinkage ~1e-5); 0.03 allows the optimiser's residual noise.
        for (int j = 0; j < 3; j++) Assert.True(Math.Abs(layer.Weights.Mu[j] - wTrue[j]) < 0.03, $"μ[{j}] = {layer.Weights.Mu[j]} vs {wTrue[j]}");
        Assert.True(Math.Abs(layer.Bias.Mu[0] - 1.5f) < 0.03, $"bias μ = {layer.Bias.Mu[0]}");
        // and the posterior standard deviations shrink far below the prior's 1, to the order of the OLS standard error
        Assert.All(layer.Weights.Sigma(), s => Assert.True(s < 0.05f, $"σ = {s}"));
    }

    [Theory]
    [InlineData(GradientEstimator.WeightReparameterization)]
    [InlineData(GradientEstimator.LocalReparameterization)]
    [InlineData(GradientEstimator.Flipout)]
    public void The_same_seed_gives_bit_identical_parameters_after_training(GradientEstimator estimator)
    {
        float[][] Train()
        {
            var rng = new Xoshiro256(77);
            var (x, y) = LinearData(40, [1f, 2f], 0f, 0.1f, rng);
            var net = Network.BayesianMlp([2, 8, 1], Prior.ScaleMixture(0.5f, 1f, 0.05f), rng, estimator);
            MakeTrainer(net, 1e-2f, 16).Fit(x, y, 5, rng);
            return net.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        }
        var a = Train();
        var b = Train();
        for (int k = 0; k < a.Length; k++) Assert.Equal(a[k], b[k]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fused_updates_equal_evaluate_then_adam_step(bool mixture)
    {
        // Same seed, same steps: the fused backward + KL + Adam pass against the reference path, parameter by parameter,
        // and the reported parts. A Dense layer and a learned noise keep some parameters on the unfused path.
        (float[][] Parameters, double[] Losses) Train(bool fuse)
        {
            var rng = new Xoshiro256(12);
            var (x, y) = LinearData(96, [1f, -2f, 0.5f], 0.3f, 0.2f, rng);
            Prior prior = mixture ? Prior.ScaleMixture(0.5f, 1f, 0.05f) : Prior.Gaussian(1f);
            var net = new Network(new BayesianDense(3, 32, prior, rng), Activation.ReLU, new BayesianDense(32, 16, prior, rng), Activation.Tanh, new Dense(16, 1, rng));
            var objective = new FreeEnergy(net, Likelihood.LearnedGaussian(0.5f), KlWeighting.Geometric);
            var trainer = new Trainer(objective, new Adam(objective.Parameters, 1e-2f), 32, fuseUpdates: fuse);
            var losses = new List<double>();
            trainer.Fit(x, y, 4, rng, new SynchronousProgress<TrainingReport>(r => losses.Add(r.FreeEnergy)));
            return (objective.Parameters.Select(p => (float[])p.Value.Clone()).ToArray(), losses.ToArray());
        }
        var reference = Train(false);
        var fused = Train(true);
        for (int k = 0; k < reference.Parameters.Length; k++)
            for (int i = 0; i < reference.Parameters[k].Length; i++)
                Assert.True(Math.Abs(reference.Parameters[k][i] - fused.Parameters[k][i]) <= 1e-4 * (1 + Math.Abs(reference.Parameters[k][i])),
                    $"parameter {k}[{i}]: reference {reference.Parameters[k][i]} vs fused {fused.Parameters[k][i]}");
        for (int s = 0; s < reference.Losses.Length; s++)
            Assert.True(Math.Abs(reference.Losses[s] - fused.Losses[s]) <= 1e-4 * Math.Abs(reference.Losses[s]), $"report {s}: {reference.Losses[s]} vs {fused.Losses[s]}");
    }

    [Fact]
    public void Fit_on_integer_labels_trains_exactly_as_on_the_float_class_column()
    {
        var labels = new[] { 0, 2, 1, 1, 0, 2, 2, 1, 0 };
        var x = Matrix.FromArray(new float[,] { { 0.1f, 1f }, { -1f, 0.5f }, { 2f, -0.3f }, { 0.7f, 0.2f }, { -0.2f, -1f }, { 1.5f, 1.1f }, { -0.6f, 0.9f }, { 0.3f, -0.8f }, { 1f, 0f } });
        float[] Train(Func<Trainer, Xoshiro256, TrainingReport[]> fit)
        {
            var net = Network.BayesianMlp([2, 5, 3], Prior.Gaussian(1f), new Xoshiro256(21));
            var objective = new FreeEnergy(net, Likelihood.Categorical(3));
            fit(new Trainer(objective, new Adam(objective.Parameters, learningRate: 1e-2f), batchSize: 4), new Xoshiro256(22));
            return [.. net.Parameters.SelectMany(p => p.Value)];
        }
        var fromLabels = Train((t, rng) => t.Fit(x, labels, 3, rng));
        var fromColumn = Train((t, rng) => t.Fit(x, Matrix.Column([.. labels.Select(l => (float)l)]), 3, rng));
        Assert.Equal(fromColumn, fromLabels);
        var trainer = MakeTrainer(Network.BayesianMlp([2, 5, 3], Prior.Gaussian(1f), new Xoshiro256(21)), 1e-2f, 4);
        var e = Assert.ThrowsAny<ArgumentException>(() => trainer.Fit(x, labels[..5], 1, new Xoshiro256(1)));
        Assert.Equal("labels", e.ParamName);
    }

    [Fact]
    public void Progress_reports_every_step_and_every_epoch_with_a_partial_last_minibatch()
    {
        var rng = new Xoshiro256(3);
        var (x, y) = LinearData(10, [1f], 0f, 0.1f, rng);
        var trainer = MakeTrainer(Network.BayesianMlp([1, 4, 1], Prior.Gaussian(1f), rng), 1e-2f, 4);
        var reports = new List<TrainingReport>();
        var epochs = trainer.Fit(x, y, 2, rng, new SynchronousProgress<TrainingReport>(reports.Add));
        var last = epochs[^1];
        Assert.Equal(2 * 3 + 2, reports.Count); // M = ⌈10/4⌉ = 3 steps per epoch, then the epoch report
        Assert.Equal(reports.Where(r => r.IsEpoch), epochs); // Fit returns every epoch's report, in order
        Assert.Equal([1, 2, 3], reports.Take(3).Select(r => r.Step));
        Assert.True(reports[3].IsEpoch);
        Assert.Equal(last, reports[^1]);
        Assert.Equal(6, last.Step);
        Assert.Equal(2, last.Epoch);
        double stepSum = reports.Skip(4).Take(3).Sum(r => r.FreeEnergy);
        Assert.Equal(stepSum, last.FreeEnergy, 6);
        Assert.All(reports, r => Assert.Equal(r.Parts.ComplexityCost + r.Parts.LikelihoodCost, r.FreeEnergy, 9));
    }

    [Fact]
    public void StepsOnly_and_EpochsOnly_pass_on_the_reports_of_one_kind_in_order()
    {
        var rng = new Xoshiro256(3);
        var (x, y) = LinearData(10, [1f], 0f, 0.1f, rng);
        var trainer = MakeTrainer(Network.BayesianMlp([1, 4, 1], Prior.Gaussian(1f), rng), 1e-2f, 4);
        List<TrainingReport> all = [], steps = [], epochs = [];
        var stepOnly = TrainingReport.StepsOnly(new SynchronousProgress<TrainingReport>(steps.Add));
        var epochOnly = TrainingReport.EpochsOnly(new SynchronousProgress<TrainingReport>(epochs.Add));
        trainer.Fit(x, y, 2, rng, new SynchronousProgress<TrainingReport>(r => { all.Add(r); stepOnly.Report(r); epochOnly.Report(r); }));
        Assert.Equal(6, steps.Count);  // M = ⌈10/4⌉ = 3 steps per epoch, 2 epochs
        Assert.Equal(2, epochs.Count);
        Assert.Equal(all.Where(r => !r.IsEpoch), steps);
        Assert.Equal(all.Where(r => r.IsEpoch), epochs);
    }

    [Fact]
    public void The_report_filters_reject_a_null_sink_naming_the_parameter()
    {
        Assert.Equal("inner", Assert.Throws<ArgumentNullException>(() => TrainingReport.StepsOnly(null!)).ParamName);
        Assert.Equal("inner", Assert.Throws<ArgumentNullException>(() => TrainingReport.EpochsOnly(null!)).ParamName);
    }

    [Fact]
    public void Fusion_is_decided_once_and_no_public_member_exposes_the_trainers_gradients()
    {
        // Fused layers never write their gradient arrays, so the trainer's workspace is not public: a caller reads
        // ∂Fᵢ/∂θ through FreeEnergy.Evaluate on a workspace of its own. An unfused step leaves exactly Evaluate's gradients.
        Assert.Null(typeof(Trainer).GetProperty("Workspace", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance));
        var rng = new Xoshiro256(21);
        var (x, y) = LinearData(16, [1f, -2f], 0.5f, 0.1f, rng);
        var net = new Network(new BayesianDense(2, 8, Prior.Gaussian(1f), rng), Activation.ReLU, new Dense(8, 1, rng));
        var objective = new FreeEnergy(net, Likelihood.Gaussian(0.1f));
        Assert.True(new Trainer(objective, new Adam(objective.Parameters, 1e-2f), 16).FuseUpdates);
        Assert.False(new Trainer(objective, new SgdMomentum(objective.Parameters, 1e-2f), 16).FuseUpdates); // no fused rule
        Assert.False(new Trainer(new FreeEnergy(net, Likelihood.Gaussian(0.1f), samples: 2), new Adam(objective.Parameters, 1e-2f), 16).FuseUpdates);

        var trainer = new Trainer(objective, new Adam(objective.Parameters, 1e-2f), 16, fuseUpdates: false);
        Assert.False(trainer.FuseUpdates);
        var batch = new Minibatch(1, 1, 16);
        var own = objective.CreateWorkspace(16);
        objective.Evaluate(own, x.Data, y.Data, 16, batch, new Xoshiro256(6));
        trainer.Step(x.Data, y.Data, 16, batch, new Xoshiro256(6));
        var grads = trainer.Workspace.Gradients;
        for (int k = 0; k < grads.Count; k++)
        {
            Assert.Contains(grads[k], g => g != 0f);
            Assert.Equal(own.Gradients[k], grads[k]);
        }
    }

    [Fact]
    public void Cancellation_stops_between_steps_keeping_the_completed_steps()
    {
        var rng = new Xoshiro256(3);
        var (x, y) = LinearData(40, [1f], 0f, 0.1f, rng);
        var trainer = MakeTrainer(Network.BayesianMlp([1, 4, 1], Prior.Gaussian(1f), rng), 1e-2f, 4);
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress<TrainingReport>(r => { if (r.Step == 5) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(x, y, 10, rng, progress, cts.Token));
        Assert.Equal(5, trainer.StepCount);
    }

    [Fact]
    public void Divergence_stops_training_naming_the_step_and_the_layer_with_parameters_left_finite()
    {
        var rng = new Xoshiro256(5);
        var (x, y) = LinearData(64, [1f, -1f], 0f, 0.1f, rng);
        var net = Network.BayesianMlp([2, 16, 16, 1], Prior.Gaussian(1f), rng);
        var objective = new FreeEnergy(net, Likelihood.Gaussian(0.1f));
        var trainer = new Trainer(objective, new SgdMomentum(objective.Parameters, learningRate: 1e12f), 16);
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(x, y, 5, rng));
        Assert.True(e.Step >= 1);
        Assert.Contains($"step {e.Step}", e.Message);
        Assert.Contains("layer", e.Location);
        Assert.Contains(e.Location, e.Message);
        Assert.Equal(e.Step - 1, trainer.StepCount);
        Assert.All(net.Parameters, p => Assert.All(p.Value, v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void Divergence_on_the_fused_adam_path_is_caught_before_the_update()
    {
        var rng = new Xoshiro256(6);
        var net = Network.BayesianMlp([2, 16, 1], Prior.Gaussian(1f), rng);
        var objective = new FreeEnergy(net, Likelihood.Gaussian(0.1f));
        var trainer = new Trainer(objective, new Adam(objective.Parameters), 4);
        var before = net.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        float[] x = [3e37f, 3e37f, -3e37f, 3e37f, 1f, 1f, 2f, 2f]; // finite inputs whose pre-activations overflow
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Step(x, [0f, 0f, 0f, 0f], 4, new Minibatch(1, 1, 4), rng));
        Assert.Equal(1, e.Step);
        Assert.False(e.UpdateApplied);
        Assert.StartsWith("layer 1", e.Location);
        for (int k = 0; k < before.Length; k++) Assert.Equal(before[k], net.Parameters[k].Value);
    }

    [Fact]
    public void Empty_data_is_rejected_naming_inputs()
    {
        var trainer = MakeTrainer(Network.BayesianMlp([1, 4, 1], Prior.Gaussian(1f), new Xoshiro256(1)), 1e-2f, 4);
        var e = Assert.ThrowsAny<ArgumentException>(() => trainer.Fit(new Matrix(0, 1), new Matrix(0, 1), 1, new Xoshiro256(1)));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("N = 0", e.Message);
    }

    [Fact]
    public void Mismatched_rows_nan_inputs_and_zero_epochs_are_rejected_naming_the_parameter()
    {
        var trainer = MakeTrainer(Network.BayesianMlp([1, 4, 1], Prior.Gaussian(1f), new Xoshiro256(1)), 1e-2f, 4);
        var rng = new Xoshiro256(1);
        Assert.Equal("targets", Assert.ThrowsAny<ArgumentException>(() => trainer.Fit(new Matrix(3, 1), new Matrix(2, 1), 1, rng)).ParamName);
        var nan = new Matrix(2, 1, [0f, float.NaN]);
        var e = Assert.ThrowsAny<ArgumentException>(() => trainer.Fit(nan, new Matrix(2, 1), 1, rng));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("NaN", e.Message);
        Assert.Equal("epochs", Assert.ThrowsAny<ArgumentException>(() => trainer.Fit(new Matrix(2, 1), new Matrix(2, 1), 0, rng)).ParamName);
        Assert.Equal("inputs", Assert.ThrowsAny<ArgumentException>(() => trainer.Fit(new Matrix(2, 3), new Matrix(2, 1), 1, rng)).ParamName);
    }

    [Fact]
    public void An_invalid_class_label_is_rejected_before_training_naming_its_row()
    {
        var net = Network.BayesianMlp([2, 4, 3], Prior.Gaussian(1f), new Xoshiro256(1));
        var freeEnergy = new FreeEnergy(net, Likelihood.Categorical(3));
        var trainer = new Trainer(freeEnergy, new Adam(freeEnergy.Parameters, learningRate: 1e-2f), batchSize: 2);
        var labels = new Matrix(5, 1, [0f, 1f, 2f, 1f, 3f]);
        var e = Assert.ThrowsAny<ArgumentException>(() => trainer.Fit(new Matrix(5, 2), labels, 1, new Xoshiro256(1)));
        Assert.Contains("targets[4] = 3", e.Message);
        Assert.Equal(0, trainer.StepCount);
    }

    [Fact]
    public void An_optimizer_over_other_parameters_is_rejected()
    {
        var net = Network.BayesianMlp([1, 4, 1], Prior.Gaussian(1f), new Xoshiro256(1));
        var objective = new FreeEnergy(net, Likelihood.LearnedGaussian(1f));
        var e = Assert.ThrowsAny<ArgumentException>(() => new Trainer(objective, new Adam(net.Parameters), 4));
        Assert.Equal("optimizer", e.ParamName);
    }

    [Fact]
    public void Training_steps_allocate_no_per_step_buffers()
    {
        // Memory stays flat: after warm-up, 50 steps of a network whose per-step buffers are ~0.5 MB allocate
        // (almost) nothing on this thread. The bound leaves room for a parallel matrix multiply's task objects.
        var rng = new Xoshiro256(9);
        var net = Network.BayesianMlp([64, 128, 128, 10], Prior.ScaleMixture(0.5f, 1f, 0.05f), rng);
        var objective = new FreeEnergy(net, new BnnCourse.CategoricalLikelihood(10));
        var trainer = new Trainer(objective, new Adam(objective.Parameters), 32);
        var x = TestData.Normal(rng, 32 * 64);
        var y = Enumerable.Range(0, 32).Select(i => (float)(i % 10)).ToArray();
        for (int s = 0; s < 5; s++) trainer.Step(x, y, 32, new Minibatch(1, 10, 320), rng);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int s = 0; s < 50; s++) trainer.Step(x, y, 32, new Minibatch(s % 10 + 1, 10, 320), rng);
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 50;
        Assert.True(perStep < 4096, $"{perStep} bytes allocated per step");
    }
}

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; posts to a thread pool).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
