
namespace BnnCourse;

/// <summary>
/// Blundell et al.'s (2015, §5.1) pruning experiment: rank the weights by their signal-to-noise ratio |μ|/σ and
/// remove the lowest; a Bayesian network keeps its accuracy with most weights gone.
/// </summary>
/// <remarks>
/// A removed weight gets μ = 0 and ρ = <see cref="PrunedRho"/> (σ = softplus(−100) ≈ 4·10⁻⁴⁴, which is 0 or a
/// denormal in float), so every sample of it is exactly or practically 0 and the mean-weights and sampled
/// predictions both see it removed. Only weights are pruned, never biases, as in the paper. Pruning is for
/// evaluation: continuing to train a pruned network would meet an enormous complexity cost at those weights.
/// Take a <see cref="ParameterSnapshot"/> first to try several fractions on the same trained network.
/// </remarks>
public static class WeightPruning
{
    /// <summary>The ρ given to a removed weight: σ = softplus(−100) ≈ e⁻¹⁰⁰.</summary>
    public const float PrunedRho = -100f;

    /// <summary>|μ|/σ for every weight of <paramref name="layer"/> ([in × out] row-major, like the weights).</summary>
    public static float[] SignalToNoise(BayesianDense layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var sigma = layer.Weights.Sigma();
        var mu = layer.Weights.Mu;
        var snr = new float[mu.Length];
        for (int i = 0; i < mu.Length; i++) snr[i] = MathF.Abs(mu[i]) / sigma[i];
        return snr;
    }

    /// <summary>|μ|/σ of every weight of every Bayesian layer, concatenated layer by layer (for a histogram; Blundell plots 10·log₁₀ of it in dB).</summary>
    public static float[] SignalToNoise(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.BayesianLayers.SelectMany(SignalToNoise).ToArray();
    }

    /// <summary>
    /// Removes the ⌊fraction · total + ½⌋ weights with the lowest |μ|/σ over all Bayesian layers (ties broken by
    /// position: earlier layers, then lower index, go first). Modifies the network in place.
    /// </summary>
    /// <returns>
    /// Pruned: the number of weights removed; Total: the number considered (all weights of all Bayesian layers; biases
    /// are kept); Fraction: Pruned / Total; Threshold: the largest |μ|/σ among the removed weights (0 when none were removed).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">fraction outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The network has no Bayesian layer.</exception>
    public static (int Pruned, int Total, double Fraction, double Threshold) Prune(Network network, double fraction)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!(fraction >= 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction of weights to remove must lie in [0, 1].");
        var layers = network.BayesianLayers.ToArray();
        if (layers.Length == 0) throw new ArgumentException("The network has no BayesianDense layer to prune.", nameof(network));
        var snr = SignalToNoise(network);
        int total = snr.Length;
        int k = (int)Math.Min(total, Math.Floor(fraction * total + 0.5));
        if (k == 0) return (0, total, 0, 0);
        var order = new int[total];
        for (int i = 0; i < total; i++) order[i] = i;
        Array.Sort(order, (a, b) => snr[a] != snr[b] ? snr[a].CompareTo(snr[b]) : a.CompareTo(b)); // a total order: ties by position
        double threshold = snr[order[k - 1]];
        var offsets = new int[layers.Length + 1];
        for (int l = 0; l < layers.Length; l++) offsets[l + 1] = offsets[l] + layers[l].Weights.Count;
        for (int r = 0; r < k; r++)
        {
            int g = order[r];
            int l = Array.BinarySearch(offsets, g);
            l = l >= 0 ? l : ~l - 1;
            int i = g - offsets[l];
            layers[l].Weights.Mu[i] = 0f;
            layers[l].Weights.Rho[i] = PrunedRho;
        }
        return (k, total, (double)k / total, threshold);
    }
}
