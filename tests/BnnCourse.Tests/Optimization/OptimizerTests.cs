using BnnCourse;

namespace BnnCourse.Tests.Optimization;

public class OptimizerTests
{
    [Fact]
    public void Adam_first_two_steps_match_hand_computation()
    {
        // θ₀ = 1, α = 0.1, β₁ = 0.9, β₂ = 0.999, ϵ = 1e-8.
        // Step 1, g = 0.5: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25, θ₁ = 1 − 0.1·0.5/(0.5 + 1e-8) = 0.9 (to 2e-9).
        // Step 2, g = −0.2: m = 0.045 − 0.02 = 0.025, v = 0.00024975 + 0.00004 = 0.00028975,
        //   m̂ = 0.025/0.19 = 0.131578947, v̂ = 0.00028975/0.001999 = 0.144947474, √v̂ = 0.380719679,
        //   θ₂ = 0.9 − 0.1·0.131578947/0.380719679 = 0.865439...
        var p = new Parameter("θ", [1f]);
        var adam = new Adam([p], learningRate: 0.1f);
        adam.Step([[0.5f]]);
        Assert.Equal(0.9, p.Value[0], 6);
        adam.Step([[-0.2f]]);
        double expected = 0.9 - 0.1 * (0.025 / 0.19) / Math.Sqrt(0.00028975 / (1 - 0.999 * 0.999));
        Assert.Equal(expected, p.Value[0], 5);
        Assert.Equal(2, adam.StepCount);
    }

    [Fact]
    public void Adam_first_step_moves_every_coordinate_by_the_learning_rate_against_the_gradient_sign()
    {
        var p = new Parameter("θ", [0f, 0f, 0f]);
        new Adam([p], learningRate: 0.01f).Step([[3f, -1e-3f, 100f]]);
        Assert.Equal([-0.01f, 0.01f, -0.01f], p.Value.Select(v => MathF.Round(v, 6)));
    }

    [Fact]
    public void Sgd_with_momentum_matches_hand_computation()
    {
        // v₁ = g₁ = 1, θ₁ = 2 − 0.1 = 1.9; v₂ = 0.9·1 + 0.5 = 1.4, θ₂ = 1.9 − 0.14 = 1.76.
        var p = new Parameter("θ", [2f]);
        var sgd = new SgdMomentum([p], learningRate: 0.1f, momentum: 0.9f);
        sgd.Step([[1f]]);
        Assert.Equal(1.9f, p.Value[0], 6);
        sgd.Step([[0.5f]]);
        Assert.Equal(1.76f, p.Value[0], 6);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1e-3f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Invalid_learning_rate_is_rejected_naming_it_and_the_value(float lr)
    {
        var p = new Parameter("θ", [0f]);
        var e = Assert.ThrowsAny<ArgumentException>(() => new Adam([p], lr));
        Assert.Equal("learningRate", e.ParamName);
        Assert.Contains(lr.ToString("R", System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Assert.Equal("learningRate", Assert.ThrowsAny<ArgumentException>(() => new SgdMomentum([p], lr)).ParamName);
        var adam = new Adam([p]);
        Assert.Equal("LearningRate", Assert.ThrowsAny<ArgumentException>(() => adam.LearningRate = lr).ParamName);
    }

    [Fact]
    public void A_gradient_of_the_wrong_length_is_rejected()
    {
        var adam = new Adam([new Parameter("θ", [0f, 0f])]);
        var e = Assert.ThrowsAny<ArgumentException>(() => adam.Step([[1f]]));
        Assert.Equal("gradients", e.ParamName);
    }

    [Fact]
    public void Beta_outside_zero_one_is_rejected_naming_it()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new Adam([new Parameter("θ", [0f])], beta2: 1f));
        Assert.Equal("beta2", e.ParamName);
    }

    [Fact]
    public void The_public_factories_pass_every_option_through_in_its_place()
    {
        Parameter P() => new("θ", [1f]);
        foreach (var (make, name) in new (Func<Optimizer>, string)[]
        {
            (() => Optimizer.Adam([P()], learningRate: -1f), "learningRate"), (() => Optimizer.Adam([P()], beta1: 1f), "beta1"),
            (() => Optimizer.Adam([P()], beta2: 1f), "beta2"), (() => Optimizer.Adam([P()], epsilon: 0f), "epsilon"),
            (() => Optimizer.Adam([P()], rhoLearningRate: 0f), "rhoLearningRate"),
            (() => Optimizer.SgdMomentum([P()], 0f), "learningRate"), (() => Optimizer.SgdMomentum([P()], 0.1f, momentum: 1f), "momentum"),
        })
            Assert.Equal(name, Assert.ThrowsAny<ArgumentException>(make).ParamName);
        var adam = (Adam)Optimizer.Adam([P()], 0.01f, 0.8f, 0.99f, 1e-6f, 0.02f);
        Assert.Equal((0.01f, 0.8f, 0.99f, 1e-6f, 0.02f), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.RhoLearningRate));
        Assert.Equal(0.5f, ((SgdMomentum)Optimizer.SgdMomentum([P()], 0.1f, 0.5f)).Momentum);
    }
}
