using BnnCourse;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Inference;

public class WeightPruningTests
{
    static BayesianDense Layer(float[] mu, float[] sigma, int inputs, float bias = 0.25f) =>
        new(inputs, GaussianPosterior.FromMuSigma(mu, sigma),
            GaussianPosterior.FromMuSigma(Enumerable.Repeat(bias, mu.Length / inputs).ToArray(), Enumerable.Repeat(0.01f, mu.Length / inputs).ToArray()),
            Prior.Gaussian(1f));

    [Fact]
    public void Signal_to_noise_is_abs_mu_over_sigma()
    {
        var layer = Layer([0.1f, -2f, 0.5f, 0.05f], [0.5f, 1f, 0.25f, 0.5f], inputs: 2);
        var snr = layer.SignalToNoise();
        Assert.Equal([0.2f, 2f, 2f, 0.1f], snr.Select(v => MathF.Round(v, 5)).ToArray());
    }

    [Fact]
    public void Pruning_half_removes_exactly_the_lowest_snr_weights_across_layers()
    {
        var first = Layer([0.1f, -2f, 0.5f, 0.05f], [1f, 1f, 1f, 1f], inputs: 2);   // SNR 0.1, 2, 0.5, 0.05
        var second = Layer([0.3f, -0.01f], [1f, 1f], inputs: 2);                     // SNR 0.3, 0.01
        var net = new Network(first, Activation.ReLU, second);
        var r = net.Prune(0.5);
        Assert.Equal((3, 6), (r.Pruned, r.Total));
        Assert.Equal(0.1, r.Threshold, 1e-6);
        Assert.Equal([0f, -2f, 0.5f, 0f], first.Weights.Mu);
        Assert.Equal([0.3f, 0f], second.Weights.Mu);
        Assert.Equal(Network.PrunedRho, first.Weights.Rho[0]);
        Assert.True(second.Weights.Sigma()[1] < 1e-37f);
        Assert.Equal(0.25f, second.Bias.Mu[0]); // biases are kept
    }

    [Fact]
    public void Pruning_everything_leaves_only_the_biases_and_pruning_nothing_changes_nothing()
    {
        var rng = new Xoshiro256(3);
        var net = Network.BayesianMlp([2, 4, 1], Prior.Gaussian(1f), rng);
        var x = Matrix.FromArray(new float[,] { { 1, -1 }, { 0.5f, 2 } });
        var before = net.Predict(x).Data;
        var snapshot = net.CopyParameters();
        Assert.Equal(0, net.Prune(0).Pruned);
        Assert.Equal(before, net.Predict(x).Data);
        net.Prune(1);
        var layers = net.BayesianLayers.ToArray();
        // hidden = ReLU(b₁), output = ReLU(b₁)·0 + b₂ = b₂ for every input
        Assert.All(net.Predict(x).Data, v => Assert.Equal(layers[1].Bias.Mu[0], v));
        net.SetParameters(snapshot);
        Assert.Equal(before, net.Predict(x).Data);
    }

    [Fact]
    public void Fraction_outside_the_unit_interval_is_rejected()
    {
        var net = new Network(Layer([1f, 1f], [1f, 1f], inputs: 2));
        Assert.Equal("fraction", Assert.Throws<ArgumentOutOfRangeException>(() => net.Prune(1.5)).ParamName);
        var plain = new Network(new Dense(1, 1, new Xoshiro256(1)));
        Assert.Contains("no BayesianDense layer", Assert.Throws<InvalidOperationException>(() => plain.Prune(0.5)).Message);
    }

    [Fact]
    public void Set_parameters_rejects_a_copy_of_another_shape_naming_the_parameter_and_changes_nothing()
    {
        var net = Network.BayesianMlp([2, 3, 1], Prior.Gaussian(1f), new Xoshiro256(4));
        var saved = net.CopyParameters();
        var wrong = net.CopyParameters();
        wrong[2] = new float[wrong[2].Length + 1];
        var e = Assert.Throws<ArgumentException>(() => net.SetParameters(wrong));
        Assert.Equal("values", e.ParamName);
        Assert.Contains("values[2]", e.Message);
        Assert.Equal(saved, net.CopyParameters());
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => net.SetParameters(saved[1..])).ParamName);
    }
}
