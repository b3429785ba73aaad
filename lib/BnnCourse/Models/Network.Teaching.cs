using BnnCourse.Numerics;

namespace BnnCourse;

// The calls a notebook makes on a whole network: one training pass by hand (Forward, then Backward with the loss's
// ∂L/∂output), saving and restoring θ around an experiment, and Blundell's pruning (§5.1). Each allocates; the
// trainer's allocation-free passes run on internal workspaces.
public sealed partial class Network
{
    NetworkWorkspace? _handPass; // the buffers of the last Forward(Matrix…), which Backward(Matrix) reads

    /// <summary>
    /// A training forward pass by hand: each layer samples as its estimator does (<paramref name="rng"/> draws every ε;
    /// null: the mean weights, every ε = 0) and, with <paramref name="klWeight"/> πᵢ, starts the gradients at πᵢ·∇KL.
    /// Returns the outputs (rows × <see cref="OutputSize"/>) and KL(q ‖ P) summed over layers, unweighted. Unlike
    /// <see cref="Predict(Matrix, Xoshiro256?)"/>, local reparameterization and Flipout give each row its own noise here.
    /// </summary>
    /// <exception cref="ArgumentException">inputs without <see cref="InputSize"/> columns, without rows, or not finite.</exception>
    public (Matrix Output, double Kl) Forward(Matrix inputs, Xoshiro256? rng, float klWeight = 0f)
    {
        CheckInputs(inputs);
        if (inputs.Rows == 0) throw new ArgumentException($"inputs has no rows (0 × {inputs.Cols}); a forward pass needs at least one.", nameof(inputs));
        if (_handPass is null || _handPass.MaxRows < inputs.Rows) _handPass = CreateWorkspace(inputs.Rows);
        var pass = rng is null ? ForwardMean(_handPass, inputs.Data, inputs.Rows, klWeight) : Forward(_handPass, inputs.Data, inputs.Rows, rng, klWeight);
        return (new Matrix(inputs.Rows, OutputSize, pass.Output.ToArray()), pass.Kl);
    }

    /// <summary>
    /// The backward pass of the last <see cref="Forward(Matrix, Xoshiro256?, float)"/>: given ∂L/∂output (rows × out),
    /// returns ∂L/∂θ + πᵢ·∇KL, one new array per parameter, aligned with <see cref="Parameters"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No Forward(Matrix…) before it, or its backward already taken.</exception>
    /// <exception cref="ArgumentException">outputGradient not rows × <see cref="OutputSize"/> of that pass.</exception>
    public float[][] Backward(Matrix outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_handPass is not { ReadyForBackward: true })
            throw new InvalidOperationException("Backward(outputGradient) needs a Forward(inputs, rng, klWeight) first, one Backward per Forward.");
        if (outputGradient.Rows != _handPass.Rows || outputGradient.Cols != OutputSize)
            throw new ArgumentException($"outputGradient is {outputGradient.Rows} × {outputGradient.Cols}; the last forward pass gave {_handPass.Rows} × {OutputSize}.", nameof(outputGradient));
        outputGradient.Data.CopyTo(_handPass.OutputGradient);
        Backward(_handPass);
        return _handPass.Gradients.Select(g => (float[])g.Clone()).ToArray();
    }

    /// <summary>A copy of every parameter's values, aligned with <see cref="Parameters"/>: keep it to restore θ after an experiment.</summary>
    public float[][] CopyParameters() => _parameters.Select(p => (float[])p.Value.Clone()).ToArray();

    /// <summary>Writes <paramref name="values"/> (from <see cref="CopyParameters"/>) back into the parameters, bit for bit.</summary>
    /// <exception cref="ArgumentException">Not one array per parameter of the right length.</exception>
    public void SetParameters(IReadOnlyList<float[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != _parameters.Length)
            throw new ArgumentException($"values has {values.Count} arrays; the network has {_parameters.Length} parameters.", nameof(values));
        for (int i = 0; i < values.Count; i++)
            if (values[i]?.Length != _parameters[i].Length)
                throw new ArgumentException($"values[{i}] has length {values[i]?.Length.ToString() ?? "null"}; parameter {i} ({_parameters[i].Name}) has {_parameters[i].Length}.", nameof(values));
        for (int i = 0; i < values.Count; i++) values[i].CopyTo(_parameters[i].Value, 0);
    }

    /// <summary>The ρ <see cref="Prune"/> gives a removed weight: σ = softplus(−100) ≈ 4·10⁻⁴⁴, 0 or a denormal in float.</summary>
    public const float PrunedRho = -100f;

    /// <summary>|μ|/σ of every weight of every Bayesian layer, layer by layer (Blundell plots 10·log₁₀ of it in dB).</summary>
    public float[] SignalToNoise() => BayesianLayers.SelectMany(l => l.SignalToNoise()).ToArray();

    /// <summary>
    /// Blundell et al.'s (2015, §5.1) pruning: removes the ⌊fraction · total + ½⌋ weights with the lowest |μ|/σ over all
    /// Bayesian layers (μ = 0, ρ = <see cref="PrunedRho"/>, so every sample of them is 0), in place; biases are kept, as
    /// in the paper. Ties go by position (earlier layers, then lower index). For evaluation: <see cref="CopyParameters"/>
    /// first to try several fractions on one trained network.
    /// </summary>
    /// <returns>Pruned: weights removed; Total: weights considered; Fraction: Pruned / Total; Threshold: the largest |μ|/σ removed (0 when none).</returns>
    /// <exception cref="ArgumentOutOfRangeException">fraction outside [0, 1].</exception>
    /// <exception cref="InvalidOperationException">The network has no Bayesian layer.</exception>
    public (int Pruned, int Total, double Fraction, double Threshold) Prune(double fraction)
    {
        if (!(fraction >= 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction of weights to remove must lie in [0, 1].");
        var layers = BayesianLayers.ToArray();
        if (layers.Length == 0) throw new InvalidOperationException($"The network {this} has no BayesianDense layer to prune.");
        var snr = SignalToNoise();
        int total = snr.Length, k = (int)Math.Min(total, Math.Floor(fraction * total + 0.5));
        if (k == 0) return (0, total, 0, 0);
        var order = Enumerable.Range(0, total).ToArray();
        Array.Sort(order, (a, b) => snr[a] != snr[b] ? snr[a].CompareTo(snr[b]) : a.CompareTo(b)); // a total order: ties by position
        var at = layers.SelectMany(l => Enumerable.Range(0, l.Weights.Count).Select(i => (q: l.Weights, i))).ToArray(); // g → weight i of posterior q
        foreach (var (q, i) in order.Take(k).Select(g => at[g])) (q.Mu[i], q.Rho[i]) = (0f, PrunedRho);
        return (k, total, (double)k / total, snr[order[k - 1]]);
    }
}
