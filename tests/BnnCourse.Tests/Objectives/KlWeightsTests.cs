using BnnCourse;

namespace BnnCourse.Tests.Objectives;

public class KlWeightsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(10_000)]
    [InlineData(1_000_000)]
    public void Geometric_weights_are_finite_and_sum_to_one(int m)
    {
        double sum = 0;
        for (int i = 1; i <= m; i++)
        {
            double pi = FreeEnergy.GeometricKlWeight(i, m);
            if (!(double.IsFinite(pi) && pi >= 0)) Assert.Fail($"π_{i} = {pi} for M = {m}");
            sum += pi;
        }
        Assert.Equal(1.0, sum, 12);
    }

    [Fact]
    public void Geometric_weights_for_three_minibatches_are_four_two_one_sevenths()
    {
        Assert.Equal(4.0 / 7, FreeEnergy.GeometricKlWeight(1, 3), 15);
        Assert.Equal(2.0 / 7, FreeEnergy.GeometricKlWeight(2, 3), 15);
        Assert.Equal(1.0 / 7, FreeEnergy.GeometricKlWeight(3, 3), 15);
    }

    [Fact]
    public void Geometric_weights_halve_from_one_minibatch_to_the_next()
    {
        for (int i = 1; i < 60; i++) Assert.Equal(0.5, FreeEnergy.GeometricKlWeight(i + 1, 60) / FreeEnergy.GeometricKlWeight(i, 60), 15);
    }

    [Fact]
    public void Complexity_weights_are_one_over_M_pi_i_and_one_over_N()
    {
        var mb = new Minibatch(2, 5, 1000);
        Assert.Equal(0.2, FreeEnergy.KlWeight(KlWeighting.PerMinibatch, mb), 15);
        Assert.Equal(FreeEnergy.GeometricKlWeight(2, 5), FreeEnergy.KlWeight(KlWeighting.Geometric, mb), 15);
        Assert.Equal(1e-3, FreeEnergy.KlWeight(KlWeighting.PerExample, mb), 15);
        Assert.Equal(1.0, FreeEnergy.LikelihoodWeight(KlWeighting.Geometric, 32), 15);
        Assert.Equal(1.0 / 32, FreeEnergy.LikelihoodWeight(KlWeighting.PerExample, 32), 15);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(4, 3)]
    [InlineData(1, 0)]
    public void Minibatch_index_outside_one_to_M_is_rejected_naming_it(int index, int count)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => FreeEnergy.GeometricKlWeight(index, count));
        Assert.Contains(count <= 0 ? "count" : "index", e.ParamName);
    }
}
