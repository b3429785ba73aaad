using BnnCourse.Data;
using BnnCourse.Distributions;
using BnnCourse.Inference;
using BnnCourse.Layers;
using BnnCourse.Models;
using BnnCourse.Numerics;
using BnnCourse.Randomness;

namespace BnnCourse.Tests.Reliability;

/// <summary>Sizes whose product exceeds the largest array throw ArgumentOutOfRangeException naming a parameter and the values, never a bare OverflowException.</summary>
public class HugeSizeTests
{
    static void Refused(Action action, string parameter, string value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(action);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(value, e.Message);
        Assert.Contains("largest array", e.Message);
    }

    [Fact]
    public void A_matrix_of_ten_billion_elements_names_its_shape()
        => Refused(() => _ = new Matrix(100000, 100000), "cols", "100000 × 100000");

    [Fact]
    public void Layer_widths_whose_product_overflows_name_the_widths()
    {
        Refused(() => _ = new Dense(100000, 100000, new Xoshiro256(1)), "outputs", "100000 × 100000");
        Refused(() => _ = new BayesianDense(100000, 100000, new GaussianPrior(1f), new Xoshiro256(1)), "outputs", "100000 × 100000");
    }

    [Fact]
    public void A_workspace_too_large_for_the_widths_names_maxRows()
    {
        var net = Network.BayesianMlp([1000, 4, 1], new GaussianPrior(1f), new Xoshiro256(1));
        Refused(() => net.CreateWorkspace(3_000_000), "maxRows", "3000000");
        Refused(() => net.CreatePredictionWorkspace(3_000_000), "maxRows", "3000000");
        Refused(() => net.Layers[0].CreateBuffers(1000, 3_000_000, training: true), "maxRows", "3000000");
    }

    [Fact]
    public void Too_many_prediction_samples_name_samples()
    {
        var net = Network.BayesianMlp([1, 4, 1], new GaussianPrior(1f), new Xoshiro256(1));
        Refused(() => Predictive.SampleOutputs(net, new Matrix(10, 1), 300_000_000, new Xoshiro256(2)), "samples", "300000000");
    }

    [Fact]
    public void A_toy_data_set_too_large_for_an_array_names_n()
        => Refused(() => ToyClassification.TwoMoons(1_500_000_000, new Xoshiro256(1)), "n", "1500000000");
}
