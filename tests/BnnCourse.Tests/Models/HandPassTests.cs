using BnnCourse;
using BnnCourse.Numerics;
using BnnCourse.Tests.Support;

namespace BnnCourse.Tests.Models;

/// <summary>
/// The public calls a notebook makes by hand (Network.Forward/Backward on matrices, FreeEnergy.Evaluate with gradients,
/// Trainer.Step on matrices): gradient checks against central differences, and the same numbers, bit for bit, as the
/// internal workspace passes the trainer runs.
/// </summary>
public class HandPassTests
{
    static Matrix Normal(ulong seed, int rows, int cols, float scale = 1f) => new(rows, cols, TestData.Normal(new Xoshiro256(seed), rows * cols, scale));

    [Theory]
    [InlineData(GradientEstimator.WeightReparameterization)]
    [InlineData(GradientEstimator.LocalReparameterization)]
    [InlineData(GradientEstimator.Flipout)]
    public void Backward_of_a_hand_forward_matches_central_differences(GradientEstimator estimator)
    {
        var net = Network.BayesianMlp([3, 5, 2], Prior.Gaussian(1f), new Xoshiro256(3), estimator, Activation.Tanh, initialMuRange: 0.7f, initialRho: -2f);
        var x = Normal(21, 4, 3);
        var c = Normal(22, 4, 2);
        const float klWeight = 0.05f;
        double Loss()
        {
            var (output, kl) = net.Forward(x, new Xoshiro256(5), klWeight);
            return TestData.Dot(c.Data, output.Data) + klWeight * kl;
        }
        Loss();
        var grads = net.Backward(c);
        Assert.Equal(net.Parameters.Count, grads.Length);
        for (int k = 0; k < grads.Length; k++)
            GradientCheck.Assert(net.Parameters[k].ToString(), net.Parameters[k].Value, grads[k], Loss, GradientCheck.Spread(grads[k].Length, 6), h: 3e-3);
    }

    [Fact]
    public void A_hand_pass_gives_the_workspace_pass_bit_for_bit_and_a_null_generator_the_mean_weights()
    {
        var net = Network.BayesianMlp([3, 6, 2], Prior.ScaleMixture(0.5f, 1f, 0.01f), new Xoshiro256(7), divergence: KlDivergence.MonteCarlo);
        var x = Normal(8, 5, 3);
        var c = Normal(9, 5, 2);
        var ws = net.CreateWorkspace(5);
        var pass = net.Forward(ws, x.Data, 5, new Xoshiro256(10), 0.1f);
        var (wsOutput, wsKl) = (pass.Output.ToArray(), pass.Kl);
        c.Data.CopyTo(ws.OutputGradient);
        net.Backward(ws);
        var (output, kl) = net.Forward(x, new Xoshiro256(10), 0.1f);
        Assert.Equal(wsOutput, output.Data);
        Assert.Equal(wsKl, kl);
        Assert.Equal(ws.Gradients.ToArray(), net.Backward(c));
        Assert.Equal(net.Predict(x).Data, net.Forward(x, null).Output.Data);
    }

    [Fact]
    public void Backward_needs_its_own_forward_first_and_the_shape_of_that_pass()
    {
        var net = Network.BayesianMlp([2, 3, 1], Prior.Gaussian(1f), new Xoshiro256(1));
        Assert.Throws<InvalidOperationException>(() => net.Backward(new Matrix(2, 1)));
        net.Forward(Normal(2, 2, 2), new Xoshiro256(3));
        var e = Assert.Throws<ArgumentException>(() => net.Backward(new Matrix(3, 1)));
        Assert.Equal("outputGradient", e.ParamName);
        Assert.Contains("3 × 1", e.Message);
        net.Backward(new Matrix(2, 1));
        Assert.Throws<InvalidOperationException>(() => net.Backward(new Matrix(2, 1))); // one Backward per Forward
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => net.Forward(new Matrix(2, 3), null)).ParamName);
    }

    [Fact]
    public void Free_energy_on_matrices_equals_the_workspace_evaluation_and_its_gradients_are_fresh_copies()
    {
        var net = Network.BayesianMlp([2, 4, 1], Prior.Gaussian(1f), new Xoshiro256(11));
        var objective = new FreeEnergy(net, Likelihood.LearnedGaussian(0.3f), KlWeighting.Geometric, samples: 3);
        var x = Normal(12, 6, 2);
        var y = Normal(13, 6, 1);
        var ws = objective.CreateWorkspace(6);
        var expected = objective.Evaluate(ws, x.Data, y.Data, 6, new Minibatch(2, 5, 30), new Xoshiro256(14));
        var parts = objective.Evaluate(x, y, new Xoshiro256(14), out var gradients, minibatch: 2, minibatchCount: 5, datasetSize: 30);
        Assert.Equal(expected, parts);
        Assert.Equal(ws.Gradients.ToArray(), gradients);
        Assert.Equal(objective.Parameters.Count, gradients.Length);
        objective.Evaluate(x, y, new Xoshiro256(15), out var other);
        Assert.NotEqual(gradients, other); // the first call's arrays are not overwritten by the second
        Assert.Equal(objective.EvaluateMean(ws, x.Data, y.Data, 6, Minibatch.FullData(6)), objective.Evaluate(x, y, null));
        Assert.Equal(FreeEnergy.GeometricKlWeight(2, 5), FreeEnergy.KlWeight(KlWeighting.Geometric, 2, 5, 30));
        Assert.Equal(1.0 / 30, FreeEnergy.KlWeight(KlWeighting.PerExample, 2, 5, 30));
    }

    [Fact]
    public void A_minibatch_position_that_cannot_be_is_rejected_naming_its_parameter()
    {
        var objective = new FreeEnergy(Network.BayesianMlp([1, 2, 1], Prior.Gaussian(1f), new Xoshiro256(1)), Likelihood.Gaussian(1f));
        var x = new Matrix(2, 1, [0.5f, -0.5f]);
        var rng = new Xoshiro256(2);
        Assert.Equal("datasetSize", Assert.Throws<ArgumentException>(() => objective.Evaluate(x, x, rng, minibatch: 1, minibatchCount: 3)).ParamName);
        Assert.Equal("minibatch", Assert.Throws<ArgumentOutOfRangeException>(() => objective.Evaluate(x, x, rng, minibatch: 4, minibatchCount: 3, datasetSize: 6)).ParamName);
        Assert.Equal("minibatchCount", Assert.Throws<ArgumentOutOfRangeException>(() => objective.Evaluate(x, x, rng, minibatchCount: 0, datasetSize: 6)).ParamName);
        Assert.Equal("datasetSize", Assert.Throws<ArgumentOutOfRangeException>(() => FreeEnergy.KlWeight(KlWeighting.PerExample, 1, 1, -2)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => objective.Evaluate(x, new Matrix(3, 1), rng)).ParamName);
    }

    [Fact]
    public void A_trainer_step_on_matrices_moves_the_parameters_as_the_internal_step_does()
    {
        var x = Normal(22, 6, 2);
        var y = Normal(23, 6, 1);
        var a = new FreeEnergy(Network.BayesianMlp([2, 4, 1], Prior.Gaussian(1f), new Xoshiro256(21)), Likelihood.Gaussian(0.5f));
        var b = new FreeEnergy(Network.BayesianMlp([2, 4, 1], Prior.Gaussian(1f), new Xoshiro256(21)), Likelihood.Gaussian(0.5f));
        var ta = new Trainer(a, new Adam(a.Parameters, 1e-2f), 6);
        var tb = new Trainer(b, new Adam(b.Parameters, 1e-2f), 6);
        var pa = ta.Step(x, y, new Xoshiro256(24), minibatch: 1, minibatchCount: 2, datasetSize: 12);
        var pb = tb.Step(x.Data, y.Data, 6, new Minibatch(1, 2, 12), new Xoshiro256(24));
        Assert.Equal(pb, pa);
        Assert.Equal(b.Network.CopyParameters(), a.Network.CopyParameters());
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => ta.Step(new Matrix(0, 2), new Matrix(0, 1), new Xoshiro256(25))).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => ta.Step(x, new Matrix(5, 1), new Xoshiro256(25))).ParamName);
        Assert.NotEqual(new FreeEnergy(Network.BayesianMlp([2, 4, 1], Prior.Gaussian(1f), new Xoshiro256(21)), Likelihood.Gaussian(0.5f)).Network.CopyParameters(), a.Network.CopyParameters());
    }
}
