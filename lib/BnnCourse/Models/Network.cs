using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// A feed-forward network: a chain of layers applied to a minibatch (rows × <see cref="InputSize"/>, row-major).
/// Holds parameters and configuration only; every pass runs on a caller-owned <see cref="NetworkWorkspace"/>.
/// </summary>
public sealed partial class Network
{
    readonly Layer[] _layers;
    readonly Parameter[] _parameters;

    /// <summary>A network applying <paramref name="layers"/> in order; the first must fix the input width.</summary>
    /// <exception cref="ArgumentException">No layers, a width mismatch between consecutive layers, or a layer used twice.</exception>
    public Network(params Layer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0) throw new ArgumentException("A network needs at least one layer (layers.Length = 0).", nameof(layers));
        for (int l = 0; l < layers.Length; l++) ArgumentNullException.ThrowIfNull(layers[l], $"layers[{l}]");
        if (layers.Distinct().Count() != layers.Length) throw new ArgumentException("The same layer object appears twice in layers.", nameof(layers));
        int input = layers[0].FixedInputWidth
            ?? throw new ArgumentException($"The first layer must fix the input width (e.g. Dense or BayesianDense), got {layers[0].Describe()}.", nameof(layers));
        var widths = new int[layers.Length + 1];
        widths[0] = input;
        for (int l = 0; l < layers.Length; l++)
        {
            try { widths[l + 1] = layers[l].OutputWidth(widths[l]); }
            catch (ArgumentException e) { throw new ArgumentException($"layers[{l}] ({layers[l].Describe()}) cannot follow width {widths[l]}: {e.Message}", nameof(layers), e); }
            layers[l].Name = $"layer {l + 1} ({layers[l].Describe()})";
        }
        _layers = layers;
        Widths = widths;
        _parameters = layers.SelectMany(l => l.Parameters).ToArray();
    }

    /// <summary>
    /// The Bayesian multilayer perceptron of Blundell et al.: <see cref="BayesianDense"/> layers of the given sizes
    /// (sizes[0] inputs … sizes[^1] outputs) with <paramref name="activation"/> (ReLU when null) between them, none after the last.
    /// The initialisation options (<paramref name="initialMuRange"/>, <paramref name="initialRho"/>, <paramref name="initialSigma"/>,
    /// <paramref name="fanInScaledMu"/>) are those of the <see cref="BayesianDense"/> constructor, per layer.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two sizes, a size ≤ 0, or an invalid layer option.</exception>
    public static Network BayesianMlp(IReadOnlyList<int> sizes, Prior prior, Xoshiro256 rng,
        GradientEstimator estimator = GradientEstimator.WeightReparameterization, Activation? activation = null,
        KlDivergence? divergence = null, float? initialMuRange = null, float? initialRho = null, float? initialSigma = null, bool fanInScaledMu = false)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return Build(sizes, activation, (i, o) => new BayesianDense(i, o, prior, rng, estimator, divergence, initialMuRange, initialRho, initialSigma, fanInScaledMu));
    }

    /// <summary>
    /// A deterministic multilayer perceptron of <see cref="Dense"/> layers (the non-Bayesian baseline); with
    /// <paramref name="dropoutRate"/> &gt; 0 a <see cref="Dropout"/> layer follows every hidden activation (MC dropout).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two sizes, a size ≤ 0, or a dropout rate outside [0, 1).</exception>
    public static Network Mlp(IReadOnlyList<int> sizes, Xoshiro256 rng, Activation? activation = null, float dropoutRate = 0f)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Require.HalfOpenUnitInterval(dropoutRate, nameof(dropoutRate));
        return Build(sizes, activation, (i, o) => new Dense(i, o, rng), dropoutRate);
    }

    static Network Build(IReadOnlyList<int> sizes, Activation? activation, Func<int, int, Layer> dense, float dropoutRate = 0f)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2) throw new ArgumentException($"sizes needs at least an input and an output size, got {sizes.Count} entries.", nameof(sizes));
        for (int i = 0; i < sizes.Count; i++)
            if (sizes[i] <= 0) throw new ArgumentOutOfRangeException(nameof(sizes), sizes[i], $"sizes[{i}] must be > 0, got {sizes[i]}.");
        var layers = new List<Layer>();
        for (int i = 0; i + 1 < sizes.Count; i++)
        {
            layers.Add(dense(sizes[i], sizes[i + 1]));
            if (i + 2 < sizes.Count) layers.Add(activation?.Copy() ?? Activation.ReLU);
            if (i + 2 < sizes.Count && dropoutRate > 0f) layers.Add(new Dropout(dropoutRate));
        }
        return new Network([.. layers]);
    }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The Bayesian layers, in order.</summary>
    public IEnumerable<BayesianDense> BayesianLayers => _layers.OfType<BayesianDense>();

    /// <summary>Widths[l] is the input width of layer l; Widths[^1] the output width.</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <summary>Input width.</summary>
    public int InputSize => Widths[0];

    /// <summary>Output width.</summary>
    public int OutputSize => Widths[^1];

    /// <summary>Every trainable parameter, layer by layer (for each <see cref="BayesianDense"/>: μ, ρ of W, then of b).</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Σ over the Bayesian layers of <see cref="BayesianDense.Kl"/> (ε from <paramref name="rng"/>; allocates; for notebooks and reports).</summary>
    public double Kl(Xoshiro256 rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return BayesianLayers.Sum(l => l.Kl(rng));
    }

    /// <summary>Buffers for training passes (forward, backward, gradients) on batches of up to <paramref name="maxRows"/> rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">maxRows ≤ 0, or maxRows × a layer width more than the largest array.</exception>
    internal NetworkWorkspace CreateWorkspace(int maxRows) => new(this, maxRows, training: true);

    /// <summary>Smaller buffers for prediction passes only (no backward buffers, no gradients).</summary>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="CreateWorkspace"/>.</exception>
    internal NetworkWorkspace CreatePredictionWorkspace(int maxRows) => new(this, maxRows, training: false);

    /// <summary>
    /// Training forward pass on a training <paramref name="workspace"/> of this network, with sampled weights (each
    /// layer's estimator, every ε drawn from <paramref name="rng"/>) for 1 ≤ <paramref name="rows"/> ≤ workspace.MaxRows
    /// rows of <paramref name="inputs"/> (rows × <see cref="InputSize"/>, copied into the workspace). Clears the
    /// gradients (unless <paramref name="accumulateGradients"/>: several Monte Carlo samples), then adds πᵢ·∇KL of every
    /// layer, πᵢ = <paramref name="klWeight"/> (complexity cost πᵢ·KL(q ‖ P), see <c>FreeEnergy.KlWeight</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Wrong workspace, rows out of range, or inputs of the wrong length.</exception>
    internal ForwardPass Forward(NetworkWorkspace workspace, ReadOnlySpan<float> inputs, int rows, Xoshiro256 rng, float klWeight, bool accumulateGradients = false)
        => Run(workspace, inputs, rows, ForwardContext.Train(rng, klWeight), accumulateGradients);

    /// <summary>Training forward pass at the mean weights (every ε = 0): deterministic, for gradient checks and exact sums.</summary>
    /// <exception cref="ArgumentException">Wrong workspace, rows out of range, or inputs of the wrong length.</exception>
    internal ForwardPass ForwardMean(NetworkWorkspace workspace, ReadOnlySpan<float> inputs, int rows, float klWeight, bool accumulateGradients = false)
        => Run(workspace, inputs, rows, ForwardContext.TrainMean(klWeight), accumulateGradients);

    /// <summary>
    /// Backward pass of the last training forward pass: reads ∂L/∂output from workspace.OutputGradient and adds
    /// ∂L/∂θ to workspace.Gradients.
    /// </summary>
    /// <exception cref="InvalidOperationException">No training forward pass precedes it on this workspace.</exception>
    internal void Backward(NetworkWorkspace workspace)
    {
        using var scope = Enter(workspace, nameof(Backward));
        if (!workspace.ReadyForBackward) throw new InvalidOperationException("Backward needs a training Forward on the same workspace first.");
        int rows = workspace.Rows;
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            int nIn = rows * Widths[l], nOut = rows * Widths[l + 1];
            ReadOnlySpan<float> x = l == 0 ? workspace.Input.AsSpan(0, nIn) : workspace.Activations[l - 1].AsSpan(0, nIn);
            Span<float> dx = l == 0 ? default : workspace.ActivationGradients[l - 1].AsSpan(0, nIn);
            _layers[l].Backward(x, workspace.Activations[l].AsSpan(0, nOut), workspace.ActivationGradients[l].AsSpan(0, nOut), dx, rows, workspace.LayerBuffers[l]);
        }
        workspace.ReadyForBackward = false;
    }

    /// <summary>
    /// Prediction: with <paramref name="rng"/>, one weight sample per layer (shared by all rows, a coherent function
    /// sample); without, the mean weights w = μ (deterministic; for a plain network, its only function). The cheap
    /// inference path (any workspace of this network, including a prediction workspace).
    /// </summary>
    /// <exception cref="ArgumentException">Wrong workspace, rows out of range, inputs or outputs of the wrong length.</exception>
    internal void Predict(NetworkWorkspace workspace, ReadOnlySpan<float> inputs, int rows, Span<float> outputs, Xoshiro256? rng = null)
    {
        Require.Length(outputs.Length, (long)rows * OutputSize, nameof(outputs));
        using var scope = Enter(workspace, nameof(Predict)); // the copy below still reads the workspace
        Run(workspace, inputs, rows, rng is null ? ForwardContext.Mean : ForwardContext.Sample(rng), accumulateGradients: true).Output.CopyTo(outputs);
    }

    /// <summary>As the workspace overload, for a whole matrix (allocates; for notebooks): one sampled prediction with <paramref name="rng"/>, the mean-weights one without.</summary>
    public Matrix Predict(Matrix inputs, Xoshiro256? rng = null)
    {
        CheckInputs(inputs);
        var output = new Matrix(inputs.Rows, OutputSize);
        if (inputs.Rows > 0) Predict(CreatePredictionWorkspace(inputs.Rows), inputs.Data, inputs.Rows, output.Data, rng);
        return output;
    }

    /// <summary>The one check that a matrix of inputs fits the network: not null, <see cref="InputSize"/> columns.</summary>
    internal void CheckInputs(Matrix inputs, string name = "inputs")
    {
        ArgumentNullException.ThrowIfNull(inputs, name);
        if (inputs.Cols != InputSize)
            throw new ArgumentException($"{name} has {inputs.Cols} columns but the network takes {InputSize}.", name);
    }

    /// <summary>The forward pass of every layer in turn; a training pass (<see cref="ForwardContext.Training"/>) also prepares the backward pass.</summary>
    ForwardPass Run(NetworkWorkspace workspace, ReadOnlySpan<float> inputs, int rows, ForwardContext context, bool accumulateGradients)
    {
        using var scope = Enter(workspace, "Forward");
        if (context.Training && !workspace.Training)
            throw new ArgumentException("A training pass needs a workspace from CreateWorkspace, not CreatePredictionWorkspace.", nameof(workspace));
        Require.InRange(rows, 1, workspace.MaxRows, nameof(rows));
        Require.Length(inputs.Length, (long)rows * InputSize, nameof(inputs));
        Require.AllFiniteFast(inputs, nameof(inputs));
        workspace.Rows = rows;
        workspace.ReadyForBackward = false;
        if (context.Training && !accumulateGradients) workspace.ClearGradients();
        inputs.CopyTo(workspace.Input);
        double kl = 0;
        ReadOnlySpan<float> x = workspace.Input.AsSpan(0, inputs.Length);
        for (int l = 0; l < _layers.Length; l++)
        {
            var y = workspace.Activations[l].AsSpan(0, rows * Widths[l + 1]);
            kl += workspace.LayerKl[l] = _layers[l].Forward(x, y, rows, workspace.LayerBuffers[l], context);
            x = y;
        }
        workspace.ReadyForBackward = context.Training;
        return new ForwardPass(x, kl);
    }

    /// <summary>Checks that the workspace is this network's, then marks a pass on it until the scope is disposed (<see cref="NetworkWorkspace.Enter"/>).</summary>
    NetworkWorkspace.Scope Enter(NetworkWorkspace workspace, string operation)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (workspace.Network != this) throw new ArgumentException("The workspace was created by another network.", nameof(workspace));
        workspace.Enter(operation);
        return new(workspace);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(" → ", _layers.Select(l => l.Describe()));
}
