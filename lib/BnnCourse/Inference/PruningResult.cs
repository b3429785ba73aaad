namespace BnnCourse;

/// <summary>What <see cref="WeightPruning.Prune"/> did.</summary>
/// <param name="Pruned">Number of weights removed.</param>
/// <param name="Total">Number of weights considered (all weights of all Bayesian layers; biases are kept).</param>
/// <param name="Threshold">The largest signal-to-noise ratio |μ|/σ among the removed weights (0 when none were removed).</param>
public readonly record struct PruningResult(int Pruned, int Total, double Threshold)
{
    /// <summary>Pruned / Total.</summary>
    public double Fraction => Total == 0 ? 0 : (double)Pruned / Total;
}
