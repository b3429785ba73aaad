using BnnCourse;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Reliability;

/// <summary>
/// Sizes whose product overflows an int (or the largest array) are refused up front with the parameter and the values,
/// not with a bare <see cref="OverflowException"/> (issue 11, item 5), and before any large allocation.
/// </summary>
public class HugeSizeTests
{
    [Fact]
    public void A_matrix_larger_than_an_array_names_cols_and_both_sizes()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix(100000, 100000));
        Assert.Equal("cols", e.ParamName);
        Assert.Contains("100000 × 100000", e.Message);
    }

    [Fact]
    public void A_dense_layer_whose_weight_count_overflows_names_outputs()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(70000, 70000, new Xoshiro256(1)));
        Assert.Equal("outputs", e.ParamName);
        Assert.Contains("70000 × 70000", e.Message);
    }

    [Fact]
    public void A_Bayesian_layer_whose_weight_count_overflows_names_outputs()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new BayesianDense(70000, 70000, Prior.Gaussian(1f), new Xoshiro256(1)));
        Assert.Equal("outputs", e.ParamName);
        Assert.Contains("inputs × outputs", e.Message);
    }

    [Fact]
    public void A_workspace_whose_batch_times_a_width_overflows_names_maxRows()
    {
        // Before, maxRows × width overflowed silently in the layer buffers or threw a bare OverflowException.
        var net = Network.BayesianMlp([784, 400, 10], Prior.Gaussian(1f), new Xoshiro256(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => net.CreateWorkspace(10_000_000));
        Assert.Equal("maxRows", e.ParamName);
        Assert.Contains("10000000 × 784", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.CreatePredictionWorkspace(10_000_000));
    }
}
