using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// A neural contextual-bandit agent on the <see cref="WheelBandit"/> (Blundell et al. 2015, §5.3). The network
/// reads (x, one-hot(a)) and predicts the reward E[r | x, a]; it is trained on every (x, a, r) seen so far with
/// a fixed-noise Gaussian likelihood. Policies: <see cref="Thompson"/> draws one network w ~ q per decision and
/// takes the action with the highest predicted reward under it; <see cref="EpsilonGreedy"/> takes the action
/// with the highest predicted reward of the network as it is (w = μ for a Bayesian network), and a uniformly random
/// action with probability ε (ε = 0: greedy).
/// </summary>
public sealed class BanditAgent
{
    const int ContextSize = WheelBandit.ContextSize, Actions = WheelBandit.Actions, Width = ContextSize + Actions;
    readonly Network _network;
    readonly Trainer _trainer;
    readonly float _epsilon;
    readonly bool _thompson;
    readonly List<float> _inputs = [], _rewards = [];
    readonly Matrix _candidates;
    float[] _batchInputs = [], _batchRewards = [];

    BanditAgent(Network network, float learningRate, float noiseStd, int batchSize, bool thompson, float epsilon)
    {
        ArgumentNullException.ThrowIfNull(network);
        Require.Positive(learningRate, nameof(learningRate));
        Require.Positive(noiseStd, nameof(noiseStd));
        Require.Positive(batchSize, nameof(batchSize));
        if (network.OutputSize != 1)
            throw new ArgumentException($"network has {network.OutputSize} outputs; a bandit agent's network predicts one reward.", nameof(network));
        if (network.InputSize != Width)
            throw new ArgumentException($"network takes {network.InputSize} inputs; the wheel bandit's agent needs {Width} (context and one-hot action).", nameof(network));
        _network = network;
        var objective = new FreeEnergy(network, Likelihood.Gaussian(noiseStd), KlWeighting.PerMinibatch);
        _trainer = new Trainer(objective, new Adam(objective.Parameters, learningRate), batchSize);
        _thompson = thompson;
        _epsilon = epsilon;
        _candidates = new Matrix(Actions, Width);
    }

    /// <summary>Thompson sampling: one w ~ q per decision, the argmax of its predicted rewards. Needs a Bayesian network.</summary>
    /// <param name="network">A network from <see cref="Network.BayesianMlp"/> with 7 inputs (x ∈ ℝ², one-hot of 5 actions) and 1 output.</param>
    /// <param name="learningRate">Adam's step size, &gt; 0.</param>
    /// <param name="noiseStd">σ of the Gaussian reward likelihood, &gt; 0.</param>
    /// <param name="batchSize">Rows per training step, &gt; 0.</param>
    public static BanditAgent Thompson(Network network, float learningRate, float noiseStd, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.BayesianLayers.Any()) throw new ArgumentException("Thompson sampling needs a network with Bayesian layers (w ~ q).", nameof(network));
        return new BanditAgent(network, learningRate, noiseStd, batchSize, thompson: true, epsilon: 0);
    }

    /// <summary>ε-greedy: the argmax of the network's predicted rewards, a uniform random action with probability ε ∈ [0, 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">ε outside [0, 1].</exception>
    public static BanditAgent EpsilonGreedy(Network network, float epsilon, float learningRate, float noiseStd, int batchSize = 64)
    {
        if (!(epsilon >= 0 && epsilon <= 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must lie in [0, 1].");
        return new BanditAgent(network, learningRate, noiseStd, batchSize, thompson: false, epsilon);
    }

    /// <summary>The predicted rewards of the five actions at x: under one w ~ q when <paramref name="random"/> is given, else under w as it is.</summary>
    public float[] PredictRewards(ReadOnlySpan<float> context, Xoshiro256? random)
    {
        CheckContext(context);
        Array.Clear(_candidates.Data);
        for (int a = 0; a < Actions; a++)
        {
            context.CopyTo(_candidates.Row(a));
            _candidates[a, ContextSize + a] = 1;
        }
        return _network.Predict(_candidates, random).Data; // one w shared by the 5 rows
    }

    /// <summary>Chooses an action at x (Thompson: one fresh w ~ q; ε-greedy: a coin of probability ε, then the argmax).</summary>
    public int Choose(ReadOnlySpan<float> context, Xoshiro256 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!_thompson && _epsilon > 0 && random.NextDouble() < _epsilon) return random.NextInt(Actions);
        return Metrics.ArgMax(PredictRewards(context, _thompson ? random : null));
    }

    /// <summary>Adds (x, a, r) to the history the network trains on.</summary>
    public void Observe(ReadOnlySpan<float> context, int action, float reward)
    {
        CheckContext(context);
        if ((uint)action >= Actions) throw new ArgumentOutOfRangeException(nameof(action), action, $"action must be 0–{Actions - 1}.");
        if (!float.IsFinite(reward)) throw new ArgumentOutOfRangeException(nameof(reward), reward, "reward must be finite.");
        foreach (var v in context) _inputs.Add(v);
        for (int a = 0; a < Actions; a++) _inputs.Add(a == action ? 1 : 0);
        _rewards.Add(reward);
    }

    static void CheckContext(ReadOnlySpan<float> context)
    {
        if (context.Length != ContextSize) throw new ArgumentException($"context has length {context.Length}, expected {ContextSize}.", nameof(context));
    }

    /// <summary>
    /// <paramref name="steps"/> optimizer steps, each on a minibatch drawn uniformly with replacement from the whole
    /// history, with the KL weighted 1/M for M = ⌈N / batch⌉ (<see cref="KlWeighting.PerMinibatch"/>: the history is the data set).
    /// </summary>
    public void Train(int steps, Xoshiro256 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Require.Positive(steps, nameof(steps));
        int n = _rewards.Count;
        if (n == 0) return;
        int batch = Math.Min(_trainer.BatchSize, n), m = (n + batch - 1) / batch;
        if (_batchInputs.Length != batch * Width) { _batchInputs = new float[batch * Width]; _batchRewards = new float[batch]; }
        var inputs = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_inputs);
        for (int s = 0; s < steps; s++)
        {
            for (int r = 0; r < batch; r++)
            {
                int k = random.NextInt(n);
                inputs.Slice(k * Width, Width).CopyTo(_batchInputs.AsSpan(r * Width, Width));
                _batchRewards[r] = _rewards[k];
            }
            _trainer.Step(_batchInputs, _batchRewards, batch, new Minibatch(1, m, n), random);
        }
    }

    /// <summary>
    /// Plays <paramref name="decisions"/> rounds on <paramref name="bandit"/>: draw x, choose, observe the reward, and
    /// every <paramref name="trainEvery"/> rounds take <paramref name="stepsPerTraining"/> training steps.
    /// Returns the cumulative regret after each round (exact, from the bandit's closed-form optimal policy).
    /// </summary>
    public double[] Play(WheelBandit bandit, int decisions, int trainEvery, int stepsPerTraining, Xoshiro256 random)
    {
        ArgumentNullException.ThrowIfNull(bandit);
        ArgumentNullException.ThrowIfNull(random);
        Require.Positive(decisions, nameof(decisions));
        Require.Positive(trainEvery, nameof(trainEvery));
        Require.Positive(stepsPerTraining, nameof(stepsPerTraining));
        var cumulative = new double[decisions];
        Span<float> x = stackalloc float[ContextSize];
        double total = 0;
        for (int t = 0; t < decisions; t++)
        {
            bandit.SampleContext(random, x);
            int a = Choose(x, random);
            Observe(x, a, (float)bandit.SampleReward(x, a, random));
            total += bandit.Regret(x, a);
            cumulative[t] = total;
            if ((t + 1) % trainEvery == 0) Train(stepsPerTraining, random);
        }
        return cumulative;
    }
}
