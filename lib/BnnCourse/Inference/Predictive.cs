using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Predictions of a trained network with honest uncertainty, one call shape for a plain and a Bayesian network:
/// the Monte Carlo predictive with S weight samples and a generator (<c>Regression(net, likelihood, x, samples, rng)</c>,
/// <c>Classification(…)</c>), or, with no generator, the deterministic prediction at the mean weights w = μ
/// (<c>Regression(net, likelihood, x)</c>; for a plain network its only prediction).
/// </summary>
/// <remarks>
/// Inputs are processed in batches of up to <c>batchSize</c> rows on the network's prediction path
/// (<see cref="Network.Predict(NetworkWorkspace, ReadOnlySpan{float}, int, Span{float}, Xoshiro256)"/>, the same
/// kernels as training). Each of the S weight samples is one coherent function: sample s draws its weights from a
/// generator seeded once from the caller's <see cref="Xoshiro256"/> and re-created for every batch, so every batch
/// sees the same weights and the result does not depend on the batch size. Same seed, same predictions.
/// </remarks>
public static class Predictive
{
    /// <summary>
    /// The Monte Carlo regression predictive with S weight samples: sampled means from the network and noise
    /// variances from the likelihood (σ² of a <see cref="GaussianLikelihood"/>, fixed or learned, or σ(x)² of a
    /// <see cref="HeteroscedasticGaussianLikelihood"/> head).
    /// With <paramref name="random"/> null (and S = 1) the prediction at w = μ (see the class summary); the epistemic variance is then 0.
    /// </summary>
    /// <exception cref="ArgumentException">A likelihood other than those two, a width mismatch, S &lt; 1, S &gt; 1 with no generator, batchSize &lt; 1, or NaN/∞ inputs.</exception>
    public static RegressionPrediction Regression(Network network, Likelihood likelihood, Matrix inputs, int samples = 1, Xoshiro256? random = null, int batchSize = 512) =>
        RegressionFrom(network, likelihood, samples, () => SampleOutputs(network, inputs, samples, random, batchSize));

    /// <summary>
    /// The Monte Carlo classification predictive with S weight samples: class probabilities softmax(logits) for a
    /// <see cref="CategoricalLikelihood"/>, or (1 − sigmoid(z), sigmoid(z)) for a one-output <see cref="BernoulliLikelihood"/>.
    /// With <paramref name="random"/> null (and S = 1) the prediction at w = μ (see the class summary); the mutual information is then 0.
    /// </summary>
    /// <exception cref="ArgumentException">Another likelihood, a width mismatch, S &lt; 1, S &gt; 1 with no generator, batchSize &lt; 1, or NaN/∞ inputs.</exception>
    public static ClassificationPrediction Classification(Network network, Likelihood likelihood, Matrix inputs, int samples = 1, Xoshiro256? random = null, int batchSize = 512) =>
        ClassificationFrom(network, likelihood, samples, () => SampleOutputs(network, inputs, samples, random, batchSize));

    /// <summary>
    /// The regression predictive of a saved or assembled model in original units: raw inputs are standardised with
    /// <see cref="TrainedModel.InputScaling"/> (when present) and the predictive is mapped back with
    /// <see cref="TrainedModel.TargetScaling"/> (when present, see <see cref="RegressionPrediction.Invert"/>).
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Regression(Network, Likelihood, Matrix, int, Xoshiro256?, int)"/>.</exception>
    public static RegressionPrediction Regression(TrainedModel model, Matrix inputs, int samples = 1, Xoshiro256? random = null, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        var x = model.InputScaling?.Apply(inputs) ?? inputs;
        var p = Regression(model.Network, model.Likelihood, x, samples, random, batchSize);
        return model.TargetScaling is { } t ? p.Invert(t) : p;
    }

    /// <summary>
    /// The deep-ensemble regression predictive (Lakshminarayanan et al. 2017): the equally weighted mixture of the members'
    /// predictives, each member (network, likelihood) predicted as <see cref="Regression(Network, Likelihood, Matrix, int, Xoshiro256?, int)"/>
    /// with <paramref name="samplesPerMember"/> samples (1 and no generator: each member's own weights). The result has
    /// S = members × samplesPerMember, member m's samples first, so the decomposition reads the spread between members as
    /// epistemic and their noise as aleatoric.
    /// </summary>
    /// <exception cref="ArgumentException">No members, members of different input or target widths, or as the one-network call.</exception>
    public static RegressionPrediction Regression(IReadOnlyList<(Network Network, Likelihood Likelihood)> members, Matrix inputs,
        int samplesPerMember = 1, Xoshiro256? random = null, int batchSize = 512)
    {
        var parts = Members(members, m => Regression(m.Network, m.Likelihood, inputs, samplesPerMember, random, batchSize), p => p.Width, "targets");
        return new RegressionPrediction([.. parts.SelectMany(p => p.SampledMeans)], [.. parts.SelectMany(p => p.SampledNoiseVariances)],
            parts.Sum(p => p.Samples), parts[0].Width);
    }

    /// <summary>
    /// The deep-ensemble classification predictive: the mean of the members' class probabilities, S = members × samplesPerMember
    /// (member m's samples first), so the mutual information measures the members' disagreement.
    /// </summary>
    /// <exception cref="ArgumentException">No members, members with different numbers of classes, or as the one-network call.</exception>
    public static ClassificationPrediction Classification(IReadOnlyList<(Network Network, Likelihood Likelihood)> members, Matrix inputs,
        int samplesPerMember = 1, Xoshiro256? random = null, int batchSize = 512)
    {
        var parts = Members(members, m => Classification(m.Network, m.Likelihood, inputs, samplesPerMember, random, batchSize), p => p.Classes, "classes");
        return new ClassificationPrediction([.. parts.SelectMany(p => p.SampledProbabilities)], parts.Sum(p => p.Samples), parts[0].Classes);
    }

    /// <summary>
    /// The regression predictive of a last-layer Laplace approximation: S draws of the last layer from its Gaussian posterior
    /// (see <see cref="LastLayerLaplace"/>) and the likelihood's noise σ², so the decomposition separates the two.
    /// </summary>
    /// <exception cref="ArgumentException">The approximation was fitted for classification, S &lt; 1, or a width mismatch.</exception>
    public static RegressionPrediction Regression(LastLayerLaplace model, Matrix inputs, int samples, Xoshiro256 random)
    {
        RequireFitted<GaussianLikelihood>(model, "a Gaussian");
        return RegressionFrom(model.Network, model.Likelihood, samples, () => model.SampleOutputs(inputs, samples, random));
    }

    /// <summary>The classification predictive of a last-layer Laplace approximation: the mean of softmax over S last-layer draws.</summary>
    /// <exception cref="ArgumentException">The approximation was fitted for regression, S &lt; 1, or a width mismatch.</exception>
    public static ClassificationPrediction Classification(LastLayerLaplace model, Matrix inputs, int samples, Xoshiro256 random)
    {
        RequireFitted<CategoricalLikelihood>(model, "a categorical");
        return ClassificationFrom(model.Network, model.Likelihood, samples, () => model.SampleOutputs(inputs, samples, random));
    }

    static void RequireFitted<T>(LastLayerLaplace model, string kind) where T : Likelihood
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Likelihood is not T)
            throw new ArgumentException($"This approximation was fitted with {model.Likelihood.GetType().Name}, not {kind} likelihood.", nameof(model));
    }

    /// <summary>The one body behind every regression call: S × N × out sampled outputs (drawn by <paramref name="sample"/> once the likelihood is checked) and their noise variances.</summary>
    static RegressionPrediction RegressionFrom(Network network, Likelihood likelihood, int samples, Func<float[]> sample)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(likelihood);
        int dout = network.OutputSize;
        if (likelihood is GaussianLikelihood gaussian)
        {
            var outputs = sample();
            float sigma = gaussian.NoiseSigma;
            return new RegressionPrediction(outputs, [.. Enumerable.Repeat(sigma * sigma, outputs.Length)], samples, dout);
        }
        if (likelihood is not HeteroscedasticGaussianLikelihood)
            throw new ArgumentException($"Regression needs a Gaussian or heteroscedastic Gaussian likelihood, got {likelihood.GetType().Name}.", nameof(likelihood));
        if (dout % 2 != 0)
            throw new ArgumentException($"A heteroscedastic head needs 2d outputs (means, then scales); the network has {dout}.", nameof(network));
        var raw = sample();
        var means = new float[raw.Length / 2];
        var variances = new float[raw.Length / 2];
        HeteroscedasticGaussianLikelihood.MeanAndSigma(raw, raw.Length / dout, means, variances);
        for (int k = 0; k < variances.Length; k++) variances[k] *= variances[k];
        return new RegressionPrediction(means, variances, samples, dout / 2);
    }

    /// <summary>The one body behind every classification call: S × N × out sampled outputs become class probabilities.</summary>
    static ClassificationPrediction ClassificationFrom(Network network, Likelihood likelihood, int samples, Func<float[]> sample)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(likelihood);
        int dout = network.OutputSize;
        if (likelihood is CategoricalLikelihood categorical)
        {
            if (categorical.Classes != dout)
                throw new ArgumentException($"The likelihood has {categorical.Classes} classes but the network has {dout} outputs.", nameof(likelihood));
            var logits = sample();
            var probabilities = new float[logits.Length];
            categorical.Softmax(logits, logits.Length / dout, probabilities);
            return new ClassificationPrediction(probabilities, samples, dout);
        }
        if (likelihood is not BernoulliLikelihood)
            throw new ArgumentException($"Classification needs a categorical or Bernoulli likelihood, got {likelihood.GetType().Name}.", nameof(likelihood));
        if (dout != 1)
            throw new ArgumentException($"Binary classification with a Bernoulli likelihood needs one output; the network has {dout}.", nameof(network));
        // (p(0), p(1)) = (sigmoid(−z), sigmoid(z)), each computed directly (no 1 − p cancellation).
        var z = sample();
        var p = new float[2 * z.Length];
        for (int r = 0; r < z.Length; r++) (p[2 * r], p[2 * r + 1]) = (-z[r], z[r]);
        BernoulliLikelihood.Probabilities(p, p); // element by element, so in place
        return new ClassificationPrediction(p, samples, 2);
    }

    /// <summary>Each member's prediction, after checking every member takes the same inputs and predicts as many <paramref name="unit"/>.</summary>
    static T[] Members<T>(IReadOnlyList<(Network Network, Likelihood Likelihood)> members, Func<(Network Network, Likelihood Likelihood), T> predict,
        Func<T, int> width, string unit)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) throw new ArgumentException("An ensemble needs at least one member (members.Count = 0).", nameof(members));
        for (int m = 0; m < members.Count; m++)
        {
            if (members[m].Network is null || members[m].Likelihood is null)
                throw new ArgumentNullException(nameof(members), $"members[{m}] has a null network or likelihood.");
            if (members[m].Network.InputSize != members[0].Network.InputSize)
                throw new ArgumentException($"members[{m}] takes {members[m].Network.InputSize} inputs but members[0] takes {members[0].Network.InputSize}.", nameof(members));
        }
        var parts = members.Select(predict).ToArray();
        for (int m = 1; m < parts.Length; m++)
            if (width(parts[m]) != width(parts[0]))
                throw new ArgumentException($"members[{m}] predicts {width(parts[m])} {unit} but members[0] predicts {width(parts[0])}.", nameof(members));
        return parts;
    }

    /// <summary>
    /// The raw network outputs for S weight samples, S × N × out (element (s, i, j) at (s·N + i)·out + j), batched;
    /// with <paramref name="random"/> null, one pass at the mean weights.
    /// </summary>
    /// <exception cref="ArgumentException">A width mismatch, S &lt; 1, batchSize &lt; 1, or NaN/∞ inputs.</exception>
    public static float[] SampleOutputs(Network network, Matrix inputs, int samples, Xoshiro256? random, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (random is null && samples != 1)
            throw new ArgumentException($"Mean-weights prediction is deterministic: samples must be 1, got {samples}.", nameof(samples));
        network.CheckInputs(inputs);
        if (inputs.Rows == 0) throw new ArgumentException("inputs has no rows.", nameof(inputs));
        int n = inputs.Rows, din = network.InputSize, dout = network.OutputSize, batch = Math.Min(batchSize, n);
        var outputs = new float[Require.ArrayLength((long)n * dout, samples, "rows × outputs", nameof(samples))];
        var workspace = network.CreatePredictionWorkspace(batch);
        for (int s = 0; s < samples; s++)
        {
            ulong seed = random?.NextUInt64() ?? 0;
            for (int start = 0; start < n; start += batch)
            {
                int rows = Math.Min(batch, n - start);
                network.Predict(workspace, inputs.Data.AsSpan(start * din, rows * din), rows, outputs.AsSpan((s * n + start) * dout, rows * dout),
                    random is null ? null : new Xoshiro256(seed));
            }
        }
        return outputs;
    }
}
