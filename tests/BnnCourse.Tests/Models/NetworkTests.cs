using BnnCourse;
using BnnCourse.Numerics;
using BnnCourse.Tests.Support;

namespace BnnCourse.Tests.Models;

public class NetworkTests
{
    const int Rows = 3;

    /// <summary>L = Σ c ⊙ f(x) + s·KL through the whole network, ε fixed by reseeding; checks every parameter and both activations.</summary>
    static void CheckNetworkGradients(Network net, bool sampled, bool relu)
    {
        var data = new Xoshiro256(21);
        foreach (var dense in net.Layers.OfType<Dense>()) TestData.Normal(data, dense.Bias.Length, 0.3f).CopyTo(dense.Bias, 0); // b = 0 would put dead rows exactly on a kink
        var x = TestData.Normal(data, Rows * net.InputSize);
        var c = TestData.Normal(data, Rows * net.OutputSize);
        const float klScale = 0.05f;
        var ws = net.CreateWorkspace(Rows);
        double Loss()
        {
            var pass = sampled ? net.Forward(ws, x, Rows, new Xoshiro256(5), klScale) : net.ForwardMean(ws, x, Rows, klScale);
            return TestData.Dot(c, pass.Output) + klScale * pass.Kl;
        }
        Loss();
        c.CopyTo(ws.OutputGradient);
        net.Backward(ws);
        var grads = ws.Gradients.Select(g => (float[])g.Clone()).ToArray();
        for (int k = 0; k < grads.Length; k++)
            GradientCheck.Assert(net.Parameters[k].ToString(), net.Parameters[k].Value, grads[k], Loss, GradientCheck.Spread(grads[k].Length, 6), h: 3e-3, skipKinks: relu);
    }

    [Theory]
    [InlineData(GradientEstimator.WeightReparameterization, true)]
    [InlineData(GradientEstimator.LocalReparameterization, true)]
    [InlineData(GradientEstimator.Flipout, true)]
    [InlineData(GradientEstimator.WeightReparameterization, false)]
    public void Bayesian_network_gradients_match_central_differences(GradientEstimator estimator, bool tanh)
        => CheckNetworkGradients(Network.BayesianMlp([3, 5, 4, 2], Prior.Gaussian(1f), new Xoshiro256(3), estimator, tanh ? Activation.Tanh : Activation.ReLU, initialMuRange: 0.7f, initialRho: -2f), sampled: true, !tanh);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Deterministic_network_gradients_match_central_differences(bool tanh)
        => CheckNetworkGradients(Network.Mlp([3, 5, 4, 2], new Xoshiro256(3), tanh ? Activation.Tanh : Activation.ReLU), sampled: false, !tanh);

    [Fact]
    public void Mean_prediction_equals_the_mean_training_pass_output()
    {
        var net = Network.BayesianMlp([2, 8, 3], Prior.Gaussian(1f), new Xoshiro256(1));
        var x = TestData.Normal(new Xoshiro256(2), 5 * 2);
        var train = net.ForwardMean(net.CreateWorkspace(5), x, 5, 1f).Output.ToArray();
        var predicted = new float[15];
        net.Predict(net.CreatePredictionWorkspace(8), x, 5, predicted);
        Assert.Equal(train, predicted);
        Assert.Equal(train, net.Predict(new Matrix(5, 2, x)).Data);
    }

    [Fact]
    public void Sampled_predictions_with_the_same_seed_are_identical_and_differ_across_seeds()
    {
        var net = Network.BayesianMlp([2, 8, 3], Prior.Gaussian(1f), new Xoshiro256(1), initialRho: -1f);
        var x = new Matrix(4, 2, TestData.Normal(new Xoshiro256(2), 8));
        Assert.Equal(net.Predict(x, new Xoshiro256(9)).Data, net.Predict(x, new Xoshiro256(9)).Data);
        Assert.NotEqual(net.Predict(x, new Xoshiro256(9)).Data, net.Predict(x, new Xoshiro256(10)).Data);
    }

    [Fact]
    public void Network_complexity_cost_equals_the_kl_of_a_mean_training_pass_for_closed_form_layers()
    {
        var net = Network.BayesianMlp([2, 8, 3], Prior.Gaussian(0.5f), new Xoshiro256(1), initialRho: -2f);
        double kl = net.ForwardMean(net.CreateWorkspace(1), [0.3f, -1f], 1, 0f).Kl;
        Assert.Equal(kl, net.Kl(new Xoshiro256(3)), 6);
        Assert.True(kl > 0);
    }

    [Fact]
    public void Parameters_list_mu_and_rho_of_weights_then_bias_layer_by_layer_with_owners()
    {
        var net = Network.BayesianMlp([4, 3, 2], Prior.Gaussian(1f), new Xoshiro256(1));
        Assert.Equal(8, net.Parameters.Count);
        Assert.Equal(12, net.Parameters[0].Length);
        Assert.Equal("μ (weights)", net.Parameters[0].Name);
        Assert.Equal("ρ (bias)", net.Parameters[7].Name);
        Assert.Equal("layer 3 (BayesianDense 3→2)", net.Parameters[7].Owner);
        Assert.Same(net.BayesianLayers.First().Weights.Mu, net.Parameters[0].Value);
    }

    [Fact]
    public void Consecutive_layers_of_mismatched_widths_are_rejected_naming_the_layer()
    {
        var rng = new Xoshiro256(1);
        var e = Assert.ThrowsAny<ArgumentException>(() => new Network(new Dense(3, 4, rng), Activation.ReLU, new Dense(5, 2, rng)));
        Assert.Equal("layers", e.ParamName);
        Assert.Contains("layers[2]", e.Message);
    }

    [Fact]
    public void NaN_or_infinite_inputs_are_rejected_naming_the_index()
    {
        var net = Network.BayesianMlp([2, 3, 1], Prior.Gaussian(1f), new Xoshiro256(1));
        var ws = net.CreateWorkspace(2);
        var e = Assert.ThrowsAny<ArgumentException>(() => net.Forward(ws, [0f, 1f, float.PositiveInfinity, 0f], 2, new Xoshiro256(1), 1f));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("inputs[2]", e.Message);
    }

    [Fact]
    public void Rows_beyond_the_workspace_or_wrong_input_length_are_rejected()
    {
        var net = Network.BayesianMlp([2, 3, 1], Prior.Gaussian(1f), new Xoshiro256(1));
        var ws = net.CreateWorkspace(2);
        Assert.Equal("rows", Assert.ThrowsAny<ArgumentException>(() => net.ForwardMean(ws, new float[6], 3, 1f)).ParamName);
        Assert.Equal("inputs", Assert.ThrowsAny<ArgumentException>(() => net.ForwardMean(ws, new float[5], 2, 1f)).ParamName);
    }

    [Fact]
    public void A_prediction_workspace_cannot_run_a_training_pass()
    {
        var net = Network.BayesianMlp([2, 3, 1], Prior.Gaussian(1f), new Xoshiro256(1));
        Assert.ThrowsAny<ArgumentException>(() => net.ForwardMean(net.CreatePredictionWorkspace(2), new float[4], 2, 1f));
    }

    [Fact]
    public void A_null_layer_anywhere_is_rejected_as_null_naming_its_index()
    {
        var rng = new Xoshiro256(1);
        Assert.Equal("layers[0]", Assert.Throws<ArgumentNullException>(() => new Network(null!, Activation.ReLU)).ParamName);
        Assert.Equal("layers[1]", Assert.Throws<ArgumentNullException>(() => new Network(new Dense(2, 2, rng), null!, null!)).ParamName);
    }
}
