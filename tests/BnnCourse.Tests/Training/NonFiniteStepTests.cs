using BnnCourse.Numerics;

namespace BnnCourse.Tests.Training;

/// <summary>
/// Issue 11, item 1: an optimizer step that would make a parameter non-finite is refused before anything is written,
/// so the exception's "parameters keep their last finite values" is true, and it names the step, layer and parameter.
/// Before the fix, Adam at a learning rate of 1e37 overflowed α·m̂ in one step and returned normally with 85 of 129
/// parameters at ±∞; the next step's exception then claimed the parameters were finite.
/// </summary>
public class NonFiniteStepTests
{
    static (Network Net, Trainer Trainer, Matrix X, Matrix Y) Make(bool fused, Func<IReadOnlyList<Parameter>, Optimizer> optimizer)
    {
        var rng = new Xoshiro256(11);
        var net = Network.BayesianMlp([2, 16, 5, 1], Prior.Gaussian(1f), rng); // 2·16+16 + 16·5+5 + 5+1 = 139 weights
        var objective = new FreeEnergy(net, Likelihood.Gaussian(0.1f));
        var trainer = new Trainer(objective, optimizer(objective.Parameters), 8, fuseUpdates: fused);
        var x = new Matrix(32, 2);
        var y = new Matrix(32, 1);
        rng.FillStandardNormal(x.Data);
        for (int i = 0; i < 32; i++) y.Data[i] = 50f * x.Data[2 * i] - 20f * x.Data[2 * i + 1];
        return (net, trainer, x, y);
    }

    static TrainingDivergedException AssertStoppedWithFiniteParameters(Network net, Trainer trainer, Matrix x, Matrix y)
    {
        var rng = new Xoshiro256(3);
        float[][] last = [];
        TrainingDivergedException? refused = null;
        for (int epoch = 0; epoch < 200 && refused is null; epoch++)
        {
            last = net.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
            // one epoch of 4 steps at a time, keeping the parameters of the last completed epoch; the refused
            // step's own predecessors in its epoch are compared through StepCount below
            try { trainer.Fit(x, y, 1, rng); }
            catch (TrainingDivergedException e) { refused = e; }
            Assert.All(net.Parameters, p => Assert.All(p.Value, v => Assert.True(float.IsFinite(v), $"{p}: {v}")));
        }
        Assert.NotNull(refused);
        Assert.False(refused.UpdateApplied);
        Assert.Equal(refused.Step - 1, trainer.StepCount);
        Assert.Contains($"step {refused.Step}", refused.Message);
        Assert.StartsWith("layer", refused.Location);
        Assert.Contains("keep their last finite values", refused.Message);
        return refused;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Adam_at_a_huge_learning_rate_is_refused_before_a_parameter_overflows(bool fused)
    {
        var (net, trainer, x, y) = Make(fused, ps => new Adam(ps, learningRate: 1e37f));
        var e = AssertStoppedWithFiniteParameters(net, trainer, x, y);
        Assert.Equal(1, e.Step); // α·m̂ overflows in the very first step
        Assert.Contains("was refused", e.Message);
        Assert.Matches("(μ|ρ) \\((weights|bias)\\)", e.Message); // names the parameter
    }

    [Fact]
    public void Sgd_with_momentum_at_a_huge_learning_rate_is_refused_before_a_parameter_overflows()
    {
        // Step 1 leaves finite parameters of order 10³⁰; step 2's forward pass overflows and is caught before its update.
        var (net, trainer, x, y) = Make(false, ps => new SgdMomentum(ps, learningRate: 1e30f));
        AssertStoppedWithFiniteParameters(net, trainer, x, y);
    }

    [Fact]
    public void The_refused_step_writes_nothing_parameters_equal_those_before_it()
    {
        var (net, trainer, x, y) = Make(true, ps => new Adam(ps, learningRate: 1e37f));
        var rng = new Xoshiro256(5);
        for (int s = 0; s < 2000; s++)
        {
            var before = net.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
            try
            {
                trainer.Step(x.Data.AsSpan(0, 16), y.Data.AsSpan(0, 8), 8, new Minibatch(1, 4, 32), rng);
            }
            catch (TrainingDivergedException e)
            {
                Assert.Equal(s + 1, e.Step);
                for (int k = 0; k < before.Length; k++) Assert.Equal(before[k], net.Parameters[k].Value);
                return;
            }
        }
        Assert.Fail("2000 steps at a learning rate of 1e37 were never refused");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void At_an_ordinary_learning_rate_a_parameter_near_the_edge_is_refused_by_the_bound_without_a_snapshot(bool fused)
    {
        var (net, trainer, x, y) = Make(fused, ps => new Adam(ps, learningRate: 1e-2f));
        var rho = net.Parameters.First(p => p.Name.StartsWith("ρ"));
        Array.Fill(rho.Value, -2e25f); // σ = softplus(ρ) = 0: the forward pass is fine, the weight is far out of range
        var before = net.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(x, y, 1, new Xoshiro256(1)));
        Assert.Equal(1, e.Step);
        Assert.Contains("was refused", e.Message);
        Assert.Contains(rho.Name, e.Message);
        for (int k = 0; k < before.Length; k++) Assert.Equal(before[k], net.Parameters[k].Value);
    }

    [Fact]
    public void Adam_step_bound_holds_for_adversarial_gradients()
    {
        // |Δθ| ≤ α·C(β₁, β₂, t) whatever the gradients: alternating huge and tiny gradients are the worst case for m̂/√v̂.
        var p = new Parameter("θ", new float[64]);
        var adam = new Adam([p], learningRate: 1f);
        var g = new float[64];
        var rng = new Xoshiro256(9);
        for (int t = 1; t <= 300; t++)
        {
            rng.FillStandardNormal(g);
            float scale = t % 7 == 0 ? 1e6f : 1e-3f;
            for (int i = 0; i < g.Length; i++) g[i] *= scale;
            double bound = adam.StepBound(0, 0);
            var before = (float[])p.Value.Clone();
            adam.Step([g]);
            for (int i = 0; i < g.Length; i++)
                Assert.True(Math.Abs(p.Value[i] - before[i]) <= bound * (1 + 1e-5), $"t = {t}: |Δθ| = {Math.Abs(p.Value[i] - before[i])} > {bound}");
        }
    }
}
