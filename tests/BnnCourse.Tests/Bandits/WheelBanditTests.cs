using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Bandits;

public class WheelBanditTests
{
    [Fact]
    public void Optimal_action_is_zero_inside_the_disk_and_the_quadrant_action_outside()
    {
        var bandit = new WheelBandit(0.5);
        Assert.Equal(0, bandit.OptimalAction([0.1f, -0.2f]));
        Assert.Equal(1, bandit.OptimalAction([0.6f, 0.6f]));
        Assert.Equal(2, bandit.OptimalAction([0.6f, -0.6f]));
        Assert.Equal(3, bandit.OptimalAction([-0.6f, 0.6f]));
        Assert.Equal(4, bandit.OptimalAction([-0.6f, -0.6f]));
        Assert.Equal(50 - 1.2, bandit.Regret([0.6f, 0.6f], 0), 12);
        Assert.Equal(50 - 1.0, bandit.Regret([0.6f, 0.6f], 4), 12);
        Assert.Equal(1.2 - 1.0, bandit.Regret([0.1f, 0.1f], 1), 12);
        Assert.Equal(0, bandit.Regret([0.1f, 0.1f], 0));
    }

    [Fact]
    public void Contexts_fall_outside_the_inner_disk_with_probability_one_minus_delta_squared_and_regret_is_never_negative()
    {
        var bandit = new WheelBandit(0.7);
        var rng = new Xoshiro256(14);
        const int n = 20_000;
        Span<float> x = stackalloc float[2];
        int outside = 0;
        for (int i = 0; i < n; i++)
        {
            bandit.SampleContext(rng, x);
            Assert.True(x[0] * x[0] + x[1] * x[1] <= 1.0000001f);
            if (x[0] * x[0] + x[1] * x[1] > 0.49f) outside++;
            for (int a = 0; a < WheelBandit.Actions; a++) Assert.True(bandit.Regret(x, a) >= 0);
        }
        double p = bandit.OutsideProbability, se = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange((double)outside / n, p - 4 * se, p + 4 * se);
    }

    [Fact]
    public void Rewards_have_the_expected_mean_and_standard_deviation()
    {
        var bandit = new WheelBandit(0.5, sigma: 0.5);
        var rng = new Xoshiro256(5);
        const int n = 10_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) { double r = bandit.SampleReward([0.6f, 0.6f], 1, rng); sum += r; sumSq += r * r; }
        double mean = sum / n, std = Math.Sqrt(sumSq / n - mean * mean);
        Assert.InRange(mean, 50 - 4 * 0.5 / Math.Sqrt(n), 50 + 4 * 0.5 / Math.Sqrt(n));
        Assert.InRange(std, 0.5 * (1 - 4 / Math.Sqrt(2.0 * n)), 0.5 * (1 + 4 / Math.Sqrt(2.0 * n)));
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => new WheelBandit(1.0)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => new WheelBandit(0.5, sigma: -1)).ParamName);
        Assert.Equal("action", Assert.Throws<ArgumentOutOfRangeException>(() => new WheelBandit(0.5).Regret([0f, 0f], 5)).ParamName);
        var net = Network.Mlp([7, 4, 1], new Xoshiro256(1));
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => BanditAgent.EpsilonGreedy(net, 1.5f, 1e-3f, 1f)).ParamName);
        Assert.Equal("network", Assert.Throws<ArgumentException>(() => BanditAgent.Thompson(net, 1e-3f, 1f)).ParamName);
    }

    [Fact]
    public void Thompson_draws_a_new_network_per_decision_while_greedy_is_deterministic()
    {
        var init = new Xoshiro256(3);
        var thompson = BanditAgent.Thompson(Network.BayesianMlp([7, 16, 1], Prior.Gaussian(1f), init, initialRho: 0f), 1e-3f, 1f);
        var greedy = BanditAgent.EpsilonGreedy(Network.Mlp([7, 16, 1], init), 0f, 1e-3f, 1f);
        var rng = new Xoshiro256(9);
        var thompsonChoices = new HashSet<int>();
        var greedyChoices = new HashSet<int>();
        for (int i = 0; i < 50; i++) { thompsonChoices.Add(thompson.Choose([0.3f, 0.3f], rng)); greedyChoices.Add(greedy.Choose([0.3f, 0.3f], rng)); }
        Assert.True(thompsonChoices.Count > 1, $"Thompson chose only {string.Join(",", thompsonChoices)}");
        Assert.Single(greedyChoices);
    }
}
