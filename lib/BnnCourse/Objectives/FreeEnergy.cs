using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// The variational free energy (negative ELBO) of Bayes by Backprop,
/// F(D, θ) = KL(q(w | θ) ‖ P(w)) − E_q(w|θ)[log p(D | w)] = complexity cost + likelihood cost,
/// estimated on a minibatch with S Monte Carlo weight samples, weighted by a <see cref="KlWeighting"/> scheme,
/// and returned in parts. Evaluation also leaves ∂Fᵢ/∂θ in the workspace.
/// </summary>
/// <remarks>
/// Blundell et al. (2015), eq. 1–2 and §3.4. With S samples w⁽ˢ⁾ the minibatch estimate is
/// Fᵢ ≈ weight_KL · (1/S) Σₛ KL⁽ˢ⁾ + weight_lik · (1/S) Σₛ Σ_{n∈Dᵢ} −log p(yₙ | xₙ, w⁽ˢ⁾), where KL⁽ˢ⁾ is the closed form
/// (identical for every s) or the one-sample estimate log q(w⁽ˢ⁾ | θ) − log P(w⁽ˢ⁾). The weights are
/// <c>KlWeight</c> and <see cref="LikelihoodWeight"/>; see <see cref="KlWeighting"/> for how each scheme's minibatch costs add up to F.
/// </remarks>
public sealed class FreeEnergy
{
    /// <summary>F for <paramref name="network"/> and <paramref name="likelihood"/>, weighting KL by <paramref name="weighting"/>, with S = <paramref name="samples"/> weight samples per evaluation.</summary>
    /// <exception cref="ArgumentException">samples ≤ 0 or an unknown weighting.</exception>
    public FreeEnergy(Network network, Likelihood likelihood, KlWeighting weighting = KlWeighting.PerMinibatch, int samples = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(likelihood);
        if (!Enum.IsDefined(weighting)) throw new ArgumentOutOfRangeException(nameof(weighting), weighting, $"Unknown KL weighting {weighting}.");
        Require.Positive(samples, nameof(samples));
        Network = network;
        Likelihood = likelihood;
        Weighting = weighting;
        Samples = samples;
        Parameters = [.. network.Parameters, .. likelihood.Parameters];
    }

    /// <summary>The network f(x; w).</summary>
    public Network Network { get; }

    /// <summary>The observation model p(y | f).</summary>
    public Likelihood Likelihood { get; }

    /// <summary>How KL and the likelihood cost are weighted per minibatch.</summary>
    public KlWeighting Weighting { get; }

    /// <summary>S, the number of weight samples per evaluation.</summary>
    public int Samples { get; }

    /// <summary>Everything trained: the network's parameters, then the likelihood's.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    FreeEnergyWorkspace? _byHand; // the buffers of the Matrix overloads, grown to the largest batch seen

    /// <summary>
    /// Fᵢ on one minibatch, in parts, and ∂Fᵢ/∂θ in <paramref name="gradients"/>, with S weight samples. The KL weight needs
    /// the minibatch's position; the defaults (i = M = 1, N = rows) make the whole data set one minibatch: then Fᵢ is F itself.
    /// </summary>
    /// <param name="inputs">rows × in inputs.</param>
    /// <param name="targets">rows × target-width targets (class indices for a categorical likelihood).</param>
    /// <param name="rng">The seeded generator for every ε; null: the mean weights (every ε = 0, one pass: deterministic, for gradient checks and exact sums).</param>
    /// <param name="gradients">∂Fᵢ/∂θ, one new array per parameter, aligned with <see cref="Parameters"/>.</param>
    /// <param name="minibatch">i, 1 ≤ i ≤ M.</param>
    /// <param name="minibatchCount">M ≥ 1, minibatches per epoch.</param>
    /// <param name="datasetSize">N, the training set size; 0: the rows (only with M = 1).</param>
    /// <exception cref="ArgumentException">Inconsistent shapes, an invalid minibatch position, or invalid targets.</exception>
    public FreeEnergyParts Evaluate(Matrix inputs, Matrix targets, Xoshiro256? rng, out float[][] gradients,
        int minibatch = 1, int minibatchCount = 1, int datasetSize = 0)
    {
        var parts = Evaluate(inputs, targets, rng, minibatch, minibatchCount, datasetSize);
        gradients = _byHand!.Gradients.Select(g => (float[])g.Clone()).ToArray();
        return parts;
    }

    /// <summary>As <see cref="Evaluate(Matrix, Matrix, Xoshiro256?, out float[][], int, int, int)"/>, for the parts alone.</summary>
    public FreeEnergyParts Evaluate(Matrix inputs, Matrix targets, Xoshiro256? rng, int minibatch = 1, int minibatchCount = 1, int datasetSize = 0)
    {
        var position = Batch(inputs, targets, minibatch, minibatchCount, datasetSize);
        if (_byHand is null || _byHand.Network.MaxRows < inputs.Rows) _byHand = CreateWorkspace(inputs.Rows);
        return Run(_byHand, inputs.Data, targets.Data, inputs.Rows, position, rng, 1f);
    }

    /// <summary>The checks of a minibatch given as matrices (the same rows, at least one) and its position i of M over N.</summary>
    internal static Minibatch Batch(Matrix inputs, Matrix targets, int minibatch, int minibatchCount, int datasetSize)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Rows == 0 || targets.Rows != inputs.Rows)
            throw new ArgumentException($"inputs has {inputs.Rows} rows and targets {targets.Rows}: they need the same number, at least one.", nameof(targets));
        return Position(minibatch, minibatchCount, datasetSize, inputs.Rows);
    }

    /// <summary>Minibatch i of M over N examples; N = 0 means the rows themselves, allowed only when M = 1.</summary>
    internal static Minibatch Position(int minibatch, int minibatchCount, int datasetSize, int rows)
    {
        if (datasetSize == 0 && minibatchCount != 1)
            throw new ArgumentException($"datasetSize is needed with minibatchCount = {minibatchCount}: the KL weight depends on N.", nameof(datasetSize));
        Require.Positive(minibatchCount, nameof(minibatchCount));
        Require.InRange(minibatch, 1, minibatchCount, nameof(minibatch));
        if (datasetSize != 0) Require.Positive(datasetSize, nameof(datasetSize));
        return new Minibatch(minibatch, minibatchCount, datasetSize == 0 ? rows : datasetSize);
    }

    /// <summary>Buffers for batches of up to <paramref name="maxRows"/> rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">maxRows ≤ 0.</exception>
    internal FreeEnergyWorkspace CreateWorkspace(int maxRows) => new(this, maxRows); // the network's workspace checks maxRows

    /// <summary>
    /// Fᵢ on a minibatch of <paramref name="rows"/> rows (1 ≤ rows ≤ the workspace's MaxRows; inputs and targets as in the
    /// Matrix overloads) at its position in the epoch, with S sampled weights (ε from <paramref name="rng"/>), in parts;
    /// ∂Fᵢ/∂θ left in workspace.Gradients. The KL weight πᵢ is multiplied by <paramref name="klMultiplier"/> (the
    /// trainer's <see cref="Trainer.KlSchedule"/>; 1: the true Fᵢ).
    /// </summary>
    /// <exception cref="ArgumentException">Inconsistent shapes, an invalid minibatch, or invalid targets.</exception>
    internal FreeEnergyParts Evaluate(FreeEnergyWorkspace workspace, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int rows, Minibatch minibatch,
        Xoshiro256 rng, float klMultiplier = 1f)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return Run(workspace, inputs, targets, rows, minibatch, rng, klMultiplier);
    }

    /// <summary>
    /// Fᵢ at the mean weights (every ε = 0, one pass): deterministic, for gradient checks and for exact sums over an
    /// epoch. (With the Monte Carlo KL, the complexity cost is log q(μ | θ) − log P(μ).)
    /// </summary>
    /// <exception cref="ArgumentException">Inconsistent shapes, an invalid minibatch, or invalid targets.</exception>
    internal FreeEnergyParts EvaluateMean(FreeEnergyWorkspace workspace, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int rows, Minibatch minibatch)
        => Run(workspace, inputs, targets, rows, minibatch, null, 1f);

    FreeEnergyParts Run(FreeEnergyWorkspace workspace, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int rows, Minibatch minibatch, Xoshiro256? rng, float klMultiplier)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (workspace.Objective != this) throw new ArgumentException("The workspace was created by another objective.", nameof(workspace));
        workspace.Network.Enter("FreeEnergy.Evaluate"); // forward, likelihood and backward read each other's buffers
        try
        {
            double klWeight = KlWeight(Weighting, minibatch) * klMultiplier; // validates the minibatch
            double likWeight = LikelihoodWeight(Weighting, rows);
            int samples = rng is null ? 1 : Samples;
            float klScale = (float)(klWeight / samples), likScale = (float)(likWeight / samples);
            foreach (var g in workspace.LikelihoodGradients) g.AsSpan().Clear();
            var ws = workspace.Network;
            double kl = 0, nll = 0;
            for (int s = 0; s < samples; s++)
            {
                var pass = rng is null ? Network.ForwardMean(ws, inputs, rows, klScale, accumulateGradients: s > 0)
                    : Network.Forward(ws, inputs, rows, rng, klScale, accumulateGradients: s > 0);
                kl += pass.Kl;
                nll += Likelihood.NegativeLogLikelihood(pass.Output, targets, rows, likScale, ws.OutputGradient, workspace.LikelihoodGradients);
                Network.Backward(ws);
            }
            kl /= samples;
            nll /= samples;
            return new FreeEnergyParts(klWeight * kl, likWeight * nll, kl, nll);
        }
        finally { workspace.Network.Exit(); }
    }

    /// <summary>
    /// Blundell's πᵢ = 2^(M−i)/(2^M − 1), i = 1…M, computed as 2^(−i)/(1 − 2^(−M)), which neither overflows nor
    /// loses the ratio for any M (terms beyond i ≈ 1074 underflow to 0, where their true value is below 10⁻³²³).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">M &lt; 1 or i outside 1…M.</exception>
    public static double GeometricKlWeight(int index, int count)
    {
        Require.Positive(count, nameof(count));
        Require.InRange(index, 1, count, nameof(index));
        return Math.ScaleB(1.0, -index) / (1.0 - Math.ScaleB(1.0, -count));
    }

    /// <summary>The KL weight πᵢ of minibatch i = <paramref name="minibatch"/> of M = <paramref name="minibatchCount"/> over N = <paramref name="datasetSize"/>
    /// examples: 1/M, Blundell's 2^(M−i)/(2^M − 1), or 1/N.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme, M &lt; 1, N &lt; 1, or i outside 1…M.</exception>
    public static double KlWeight(KlWeighting scheme, int minibatch, int minibatchCount, int datasetSize)
    {
        Require.Positive(datasetSize, nameof(datasetSize));
        return KlWeight(scheme, Position(minibatch, minibatchCount, datasetSize, datasetSize));
    }

    /// <summary>The KL weight πᵢ of minibatch <paramref name="minibatch"/>: 1/M, Blundell's 2^(M−i)/(2^M − 1), or 1/N.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme or an invalid minibatch.</exception>
    internal static double KlWeight(KlWeighting scheme, Minibatch minibatch)
    {
        minibatch.Validate(nameof(minibatch));
        return scheme switch
        {
            KlWeighting.PerMinibatch => 1.0 / minibatch.Count,
            KlWeighting.Geometric => GeometricKlWeight(minibatch.Index, minibatch.Count),
            KlWeighting.PerExample => 1.0 / minibatch.DatasetSize,
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, $"Unknown KL weighting {scheme}."),
        };
    }

    /// <summary>The weight of the minibatch's summed negative log-likelihood: 1, or 1/Bᵢ for <see cref="KlWeighting.PerExample"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme or rows ≤ 0.</exception>
    public static double LikelihoodWeight(KlWeighting scheme, int rows)
    {
        Require.Positive(rows, nameof(rows));
        return scheme switch
        {
            KlWeighting.PerMinibatch or KlWeighting.Geometric => 1.0,
            KlWeighting.PerExample => 1.0 / rows,
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, $"Unknown KL weighting {scheme}."),
        };
    }
}
