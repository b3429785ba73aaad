using System.Numerics.Tensors;
using BnnCourse.Numerics;

namespace BnnCourse;

// Over 250 lines on purpose: the training loop and its divergence checks (which name the step, layer and parameter)
// and the one place fusion is decided (see Optimization/FusedUpdate.cs).

/// <summary>
/// Minibatch training of a <see cref="FreeEnergy"/> with an <see cref="BnnCourse.Optimizer"/>: seeded shuffling, one
/// report per step and per epoch, cancellation, and divergence detection (a NaN or ∞ free energy or gradient, a
/// gradient ≥ 10¹⁸, or an update that could make a parameter non-finite stops training with a
/// <see cref="TrainingDivergedException"/> naming the step, the layer and the parameter, before the update).
/// All buffers are allocated in the constructor; a step allocates nothing.
/// </summary>
/// <remarks>
/// Thread safety: a trainer (its workspace, optimizer state and the network it updates) is used by one thread at a
/// time; a second thread stepping it concurrently gets <see cref="InvalidOperationException"/>. To train several
/// networks in parallel, give each its own trainer. Predicting with the network while it trains is a data race.
/// </remarks>
public sealed class Trainer
{
    readonly float[] _maxGradient; // max |∂F/∂θₖ| of this step, left 0 for fused parameters
    readonly UpdateGuard _guard;
    readonly bool[] _fusedParameter;
    readonly (int Layer, IFusedUpdate Update)[] _fused;
    float[] _batchInputs = [], _batchTargets = [];
    int[] _permutation = [];

    /// <summary>A trainer for <paramref name="objective"/> with minibatches of up to <paramref name="batchSize"/> rows.</summary>
    /// <param name="objective">The free energy to minimise.</param>
    /// <param name="optimizer">Built over objective.Parameters.</param>
    /// <param name="batchSize">The largest minibatch.</param>
    /// <param name="fuseUpdates">
    /// Let every layer whose update can be fused with an optimizer that offers one (today: a Bayesian layer with weight
    /// reparameterization and a closed-form Gaussian or Monte Carlo scale-mixture KL, under Adam without a separate
    /// rhoLearningRate, one sample per step) run its backward step through w = μ + σ ⊙ ε, its complexity-cost gradient and
    /// the optimizer update as one pass per weight block: the same arithmetic as <c>FreeEnergy.Evaluate</c> then
    /// <see cref="BnnCourse.Optimizer.Step"/> with about half the memory traffic. Decided here, once.
    /// </param>
    /// <exception cref="ArgumentException">batchSize ≤ 0, or the optimizer's parameters are not the objective's (same order).</exception>
    public Trainer(FreeEnergy objective, Optimizer optimizer, int batchSize, bool fuseUpdates = true)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(optimizer);
        Require.Positive(batchSize, nameof(batchSize));
        if (!optimizer.Parameters.SequenceEqual(objective.Parameters))
            throw new ArgumentException("The optimizer must be built over objective.Parameters (same parameters, same order).", nameof(optimizer));
        Objective = objective;
        Optimizer = optimizer;
        BatchSize = batchSize;
        Workspace = objective.CreateWorkspace(batchSize);
        _maxGradient = new float[objective.Parameters.Count];
        _guard = new UpdateGuard(optimizer);
        _fusedParameter = new bool[objective.Parameters.Count];

        // The one place fusion is decided: each layer is offered the optimizer's rules for its parameters.
        var fused = new List<(int, IFusedUpdate)>();
        var layers = objective.Network.Layers;
        if (fuseUpdates && objective.Samples == 1)
            for (int l = 0, first = 0; l < layers.Count; first += layers[l].Parameters.Count, l++)
            {
                int count = layers[l].Parameters.Count;
                var update = layers[l].AcceptFusedUpdate(Workspace.Network.LayerBuffers[l], [.. Enumerable.Range(first, count).Select(optimizer.FusedRule)]);
                if (update is null) continue;
                _fusedParameter.AsSpan(first, count).Fill(true);
                fused.Add((l, update));
            }
        _fused = [.. fused];
    }

    /// <summary>The objective trained.</summary>
    public FreeEnergy Objective { get; }

    /// <summary>The optimizer applying the updates.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Largest minibatch.</summary>
    public int BatchSize { get; }

    /// <summary>
    /// A deliberate deviation from 𝓕 (default null: none): in epoch e (1-based, <see cref="EpochCount"/>) every step
    /// minimises Fᵢ with its KL weight πᵢ multiplied by λₑ = KlSchedule(e). Warm-up (annealing) is
    /// <c>e =&gt; Math.Min(1f, e / 10f)</c>; tempering (a cold posterior, Wenzel et al. 2020) is <c>_ =&gt; 0.1f</c>. The
    /// reports then carry the weighted complexity cost λₑπᵢ·KL (the objective minimised) and the unweighted KL;
    /// <c>FreeEnergy.Evaluate</c> always computes the true Fᵢ (λ = 1).
    /// </summary>
    /// <remarks>λₑ must be finite and ≥ 0; otherwise the step throws <see cref="ArgumentOutOfRangeException"/> naming the epoch and value.</remarks>
    public Func<int, float>? KlSchedule { get; set; }

    float KlMultiplier()
    {
        if (KlSchedule is null) return 1f;
        float lambda = KlSchedule(Epoch);
        if (!(float.IsFinite(lambda) && lambda >= 0))
            throw new ArgumentOutOfRangeException(nameof(KlSchedule), lambda, $"KlSchedule({Epoch}) must be finite and ≥ 0, got {lambda}.");
        return lambda;
    }

    /// <summary>True when at least one layer runs the fused update (see the constructor's fuseUpdates).</summary>
    public bool FuseUpdates => _fused.Length > 0;

    /// <summary>The trainer's own buffers (the gradients of fused layers are never written; to read ∂Fᵢ/∂θ use <c>FreeEnergy.Evaluate</c>).</summary>
    internal FreeEnergyWorkspace Workspace { get; }

    /// <summary>Steps completed.</summary>
    public int StepCount { get; private set; }

    /// <summary>Epochs started by Fit.</summary>
    public int EpochCount { get; private set; }

    int Epoch => Math.Max(EpochCount, 1); // the epoch a step belongs to (1 for steps taken before any Fit)

    /// <summary>
    /// One training step on minibatch i = <paramref name="minibatch"/> of M = <paramref name="minibatchCount"/> over
    /// N = <paramref name="datasetSize"/> examples (defaults: the whole data set, i = M = 1, N = rows), as Fit takes each:
    /// Fᵢ and its gradient (S weight samples from <paramref name="rng"/>), the divergence check, then the optimizer update.
    /// </summary>
    /// <exception cref="ArgumentException">Inconsistent shapes or an invalid minibatch position.</exception>
    /// <exception cref="TrainingDivergedException">As in Fit: a NaN/∞ free energy or gradient (no update applied).</exception>
    public FreeEnergyParts Step(Matrix inputs, Matrix targets, Xoshiro256 rng, int minibatch = 1, int minibatchCount = 1, int datasetSize = 0)
    {
        var position = FreeEnergy.Batch(inputs, targets, minibatch, minibatchCount, datasetSize); // null and shape checks first
        return Step(inputs.Data, targets.Data, inputs.Rows, position, rng);
    }

    /// <summary>The step on a minibatch given as spans (Fit's buffers), at a known position.</summary>
    /// <exception cref="ArgumentException">Inconsistent shapes, an invalid minibatch, or invalid inputs/targets.</exception>
    /// <exception cref="TrainingDivergedException">Fᵢ or a gradient is NaN/∞ or ≥ 10¹⁸, or the update could make a
    /// parameter non-finite (no update applied: parameters keep their last finite values).</exception>
    internal FreeEnergyParts Step(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int rows, Minibatch minibatch, Xoshiro256 rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Workspace.Network.Enter("Trainer.Step"); // a trainer is used by one thread at a time (see the class remarks)
        try
        {
            float klMultiplier = KlMultiplier();
            var parts = Objective.Evaluate(Workspace, inputs, targets, rows, minibatch, rng, klMultiplier); // fused layers add no KL yet
            int step = StepCount + 1;
            CheckFinite(parts, step);
            _guard.BeginStep(_maxGradient, step, Epoch);
            float klScale = (float)(FreeEnergy.KlWeight(Objective.Weighting, minibatch) * klMultiplier);
            double kl = Update(klScale);
            _guard.EndStep(step, Epoch);
            StepCount++;
            if (!double.IsFinite(kl)) CheckKl(step, updateApplied: true);
            return new FreeEnergyParts(parts.ComplexityCost + klScale * kl, parts.LikelihoodCost, parts.Kl + kl, parts.NegativeLogLikelihood);
        }
        finally { Workspace.Network.Exit(); }
    }

    /// <summary>The optimizer's step t on the unfused parameters (all when none is fused), then each fused layer's; returns their KL.</summary>
    double Update(float klScale)
    {
        var optimizer = Optimizer;
        int t = ++optimizer.StepCount; // one t for the unfused and the fused updates
        var grads = Workspace.Gradients;
        for (int k = 0; k < grads.Count; k++)
            if (!_fusedParameter[k]) optimizer.UpdateOne(k, grads[k], t);
        double kl = 0;
        foreach (var (l, update) in _fused)
        {
            double layerKl = update.Apply(klScale, t);
            Workspace.Network.LayerKl[l] = layerKl;
            kl += layerKl;
        }
        return kl;
    }

    /// <summary>Throws for the first layer whose complexity cost KL is not finite (none: returns).</summary>
    void CheckKl(int step, bool updateApplied)
    {
        var kl = Workspace.Network.LayerKl;
        int l = Array.FindIndex(kl, v => !double.IsFinite(v));
        if (l >= 0)
            throw new TrainingDivergedException(step, Epoch, Objective.Network.Layers[l].Name, $"complexity cost KL = {kl[l]}" +
                (updateApplied ? " (found by the fused update, which was applied)" : ""), updateApplied);
    }

    void CheckFinite(FreeEnergyParts parts, int step)
    {
        int epoch = Epoch;
        var ws = Workspace.Network;
        var layers = Objective.Network.Layers;
        if (!double.IsFinite(parts.Total))
        {
            CheckKl(step, updateApplied: false);
            for (int l = 0; l < layers.Count; l++)
                if (!float.IsFinite(TensorPrimitives.MaxMagnitude(ws.LayerOutput(l))))
                    throw new TrainingDivergedException(step, epoch, layers[l].Name, $"non-finite output (free energy {parts.Total})");
            throw new TrainingDivergedException(step, epoch, "the likelihood", $"likelihood cost {parts.LikelihoodCost}");
        }
        foreach (var (l, update) in _fused)
        {
            float magnitude = update.GradientMagnitude();
            if (!(magnitude < UpdateGuard.GradientLimit))
                throw new TrainingDivergedException(step, epoch, layers[l].Name,
                    $"gradient ∂f/∂w of magnitude {magnitude:g4} (non-finite, or ≥ {UpdateGuard.GradientLimit:g1})");
        }
        var grads = Workspace.Gradients;
        var parameters = Objective.Parameters;
        for (int k = 0; k < grads.Count; k++)
        {
            if (_fusedParameter[k]) continue;
            float max = MathF.Abs(TensorPrimitives.MaxMagnitude(grads[k])); // MaxMagnitude keeps the sign
            _maxGradient[k] = max;
            if (!(max < UpdateGuard.GradientLimit))
                throw new TrainingDivergedException(step, epoch, parameters[k].Owner,
                    float.IsFinite(max) ? $"gradient of {parameters[k].Name} of magnitude {max:g4} ≥ {UpdateGuard.GradientLimit:g1}" : $"non-finite gradient of {parameters[k].Name}");
        }
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs over (inputs, targets): each epoch shuffles the rows with
    /// <paramref name="rng"/>, splits them into M = ⌈N/B⌉ minibatches (the last may be smaller) and takes one
    /// step per minibatch; reports after every step and epoch. Cancellation is checked before every step and
    /// leaves the parameters of the last completed step.
    /// </summary>
    /// <param name="inputs">N × in inputs.</param>
    /// <param name="targets">N × target-width targets (for a categorical likelihood, N × 1 class indices).</param>
    /// <param name="epochs">Number of epochs ≥ 1.</param>
    /// <param name="rng">Seeded generator for shuffling and every ε.</param>
    /// <param name="progress">Receives a report per step and per epoch (optional).</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    /// <returns>Every epoch's report, in order (index e is epoch e + 1 of this call; <c>[^1]</c> is the last).</returns>
    /// <exception cref="ArgumentException">Empty data, mismatched shapes, NaN/∞ inputs or targets, epochs ≤ 0.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="TrainingDivergedException">A NaN/∞ free energy or gradient.</exception>
    public TrainingReport[] Fit(Matrix inputs, Matrix targets, int epochs, Xoshiro256 rng,
        IProgress<TrainingReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(rng);
        Require.Positive(epochs, nameof(epochs));
        int n = inputs.Rows;
        if (n == 0) throw new ArgumentException("inputs has no rows (N = 0): nothing to train on.", nameof(inputs));
        Objective.Network.CheckInputs(inputs);
        if (targets.Rows != n)
            throw new ArgumentException($"targets has {targets.Rows} rows but inputs has {n}.", nameof(targets));
        int targetWidth = targets.Cols;
        int outputWidth = Objective.Likelihood.OutputWidth(targetWidth);
        if (outputWidth != Objective.Network.OutputSize)
            throw new ArgumentException($"targets of width {targetWidth} need {outputWidth} network outputs, the network has {Objective.Network.OutputSize}.", nameof(targets));
        Require.AllFiniteFast(inputs.Data, nameof(inputs));
        Require.AllFiniteFast(targets.Data, nameof(targets));
        Objective.Likelihood.ValidateTargets(targets.Data, n);

        int batch = Math.Min(BatchSize, n);
        int m = (n + batch - 1) / batch;
        if (_permutation.Length != n) _permutation = new int[n];
        if (_batchInputs.Length != BatchSize * inputs.Cols) _batchInputs = new float[BatchSize * inputs.Cols];
        if (_batchTargets.Length != BatchSize * targetWidth) _batchTargets = new float[BatchSize * targetWidth];

        _guard.Reset(); // parameters may have been changed by hand since the last call
        var reports = new TrainingReport[epochs];
        bool perExample = Objective.Weighting == KlWeighting.PerExample;
        for (int e = 0; e < epochs; e++)
        {
            EpochCount++;
            rng.FillPermutation(_permutation);
            FreeEnergyParts epochParts = default;
            for (int b = 0; b < m; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int start = b * batch, rows = Math.Min(batch, n - start);
                for (int r = 0; r < rows; r++)
                {
                    int src = _permutation[start + r];
                    inputs.Row(src).CopyTo(_batchInputs.AsSpan(r * inputs.Cols, inputs.Cols));
                    targets.Row(src).CopyTo(_batchTargets.AsSpan(r * targetWidth, targetWidth));
                }
                var parts = Step(_batchInputs.AsSpan(0, rows * inputs.Cols), _batchTargets.AsSpan(0, rows * targetWidth), rows,
                    new Minibatch(b + 1, m, n), rng);
                var contribution = perExample ? parts.Scale(rows) : parts;
                epochParts += new FreeEnergyParts(contribution.ComplexityCost, contribution.LikelihoodCost, parts.Kl / m, parts.NegativeLogLikelihood);
                progress?.Report(new TrainingReport(false, StepCount, EpochCount, b + 1, parts));
            }
            reports[e] = new TrainingReport(true, StepCount, EpochCount, m, epochParts);
            progress?.Report(reports[e]);
        }
        return reports;
    }

    /// <summary>
    /// Trains a classifier on integer class labels, one per row of <paramref name="inputs"/>: the matrix overload with the
    /// labels as the N × 1 class-index targets a <see cref="CategoricalLikelihood"/> or <see cref="BernoulliLikelihood"/> reads.
    /// </summary>
    /// <inheritdoc cref="Fit(Matrix, Matrix, int, Xoshiro256, IProgress{TrainingReport}?, CancellationToken)"/>
    /// <exception cref="ArgumentException">labels.Length ≠ inputs.Rows, a label the likelihood rejects, or as the matrix overload.</exception>
    public TrainingReport[] Fit(Matrix inputs, int[] labels, int epochs, Xoshiro256 rng,
        IProgress<TrainingReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != inputs.Rows)
            throw new ArgumentException($"labels has {labels.Length} entries but inputs has {inputs.Rows} rows.", nameof(labels));
        return Fit(inputs, Matrix.Column(Array.ConvertAll(labels, label => (float)label)), epochs, rng, progress, cancellationToken);
    }
}
