using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// A Bayes-by-Backprop fully connected layer y = x·W + b with W ~ q(W | μ, ρ) and b ~ q(b | μ_b, ρ_b), diagonal
/// Gaussians with σ = softplus(ρ), W stored [in × out] row-major. The prior P(w), the complexity-cost form
/// (<see cref="KlDivergence"/>) and the <see cref="GradientEstimator"/> are chosen per layer. Its
/// <see cref="Layer.Parameters"/> are μ (weights), ρ (weights), μ (bias), ρ (bias), in that order.
/// </summary>
/// <remarks>
/// Blundell et al. (2015), Weight Uncertainty in Neural Networks, §3.2 (weight reparameterization);
/// Kingma, Salimans and Welling (2015), Variational Dropout and the Local Reparameterization Trick;
/// Wen et al. (2018), Flipout (what each shares across the rows of a minibatch: <see cref="GradientEstimator"/>).
/// Prediction passes (<see cref="ForwardContext.Sample"/>) always draw one whole weight sample shared by every row (a
/// coherent function sample), whatever the training estimator.
/// </remarks>
public sealed class BayesianDense : Layer
{
    /// <summary>
    /// A layer with μ ~ U(−r, r) (r = <paramref name="initialMuRange"/>, default 0.1) and every ρ = <paramref name="initialRho"/>
    /// (default −5), drawn from <paramref name="rng"/>. <paramref name="initialSigma"/> sets the initial σ directly instead
    /// (ρ = softplus⁻¹(σ)); <paramref name="fanInScaledMu"/> draws the μ of weights and biases from U(−1/√in, 1/√in), the
    /// default of PyTorch's nn.Linear (biases included, scaled by the same fan-in), instead of U(−r, r). The divergence
    /// defaults to the closed form for a Gaussian <see cref="Prior"/> and to the Monte Carlo estimate otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">A size ≤ 0, r &lt; 0, ρ not finite, σ ≤ 0, both ρ and σ given, both r and
    /// fanInScaledMu given, or a divergence that cannot handle the prior.</exception>
    public BayesianDense(int inputs, int outputs, Prior prior, Xoshiro256 rng,
        GradientEstimator estimator = GradientEstimator.WeightReparameterization, KlDivergence? divergence = null,
        float? initialMuRange = null, float? initialRho = null, float? initialSigma = null, bool fanInScaledMu = false)
        : this(inputs,
            GaussianPosterior.Initialize(Require.ArrayLength(Require.Positive(inputs, nameof(inputs)), Require.Positive(outputs, nameof(outputs)), nameof(inputs), nameof(outputs)), MuRange(inputs, initialMuRange, fanInScaledMu), RhoOf(initialRho, initialSigma), rng ?? throw new ArgumentNullException(nameof(rng))),
            GaussianPosterior.Initialize(outputs, MuRange(inputs, initialMuRange, fanInScaledMu), RhoOf(initialRho, initialSigma), rng),
            prior, estimator, divergence)
    {
    }

    static float MuRange(int inputs, float? initialMuRange, bool fanInScaledMu)
    {
        if (fanInScaledMu && initialMuRange is not null)
            throw new ArgumentException($"Give initialMuRange ({initialMuRange}) or fanInScaledMu, not both.", nameof(initialMuRange));
        return fanInScaledMu ? 1f / MathF.Sqrt(inputs) : Require.NonNegative(initialMuRange ?? 0.1f, nameof(initialMuRange));
    }

    static float RhoOf(float? initialRho, float? initialSigma)
    {
        if (initialSigma is not float sigma) return initialRho ?? -5f;
        if (initialRho is not null)
            throw new ArgumentException($"Give initialRho ({initialRho}) or initialSigma ({initialSigma}), not both.", nameof(initialSigma));
        return (float)Softplus.Inverse(Require.Positive(sigma, nameof(initialSigma)));
    }

    /// <summary>A layer over existing posteriors (e.g. loaded from a checkpoint): W has inputs × outputs weights, b has outputs.</summary>
    /// <exception cref="ArgumentException">Sizes inconsistent, or a divergence that cannot handle the prior.</exception>
    public BayesianDense(int inputs, GaussianPosterior weights, GaussianPosterior bias, Prior prior,
        GradientEstimator estimator = GradientEstimator.WeightReparameterization, KlDivergence? divergence = null)
    {
        Require.Positive(inputs, nameof(inputs));
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(prior);
        if (weights.Count != (long)inputs * bias.Count)
            throw new ArgumentException($"weights has {weights.Count} entries but inputs × outputs = {inputs} × {bias.Count}.", nameof(weights));
        if (!Enum.IsDefined(estimator))
            throw new ArgumentOutOfRangeException(nameof(estimator), estimator, $"Unknown gradient estimator {estimator}.");
        divergence ??= prior.IsGaussian ? KlDivergence.ClosedForm : KlDivergence.MonteCarlo;
        divergence.Validate(prior);
        (InputSize, OutputSize, Weights, Bias) = (inputs, bias.Count, weights, bias);
        (Prior, Estimator, Divergence) = (prior, estimator, divergence);
        Parameters = [new Parameter("μ (weights)", weights.Mu), new Parameter("ρ (weights)", weights.Rho) { IsPosteriorRho = true },
                       new Parameter("μ (bias)", bias.Mu), new Parameter("ρ (bias)", bias.Rho) { IsPosteriorRho = true }];
    }

    /// <summary>Number of inputs.</summary>
    public int InputSize { get; }

    /// <summary>Number of outputs.</summary>
    public int OutputSize { get; }

    private protected override (int Inputs, int Outputs)? FixedShape => (InputSize, OutputSize);

    /// <summary>q(W | μ, ρ) over the [in × out] row-major weights (μ, ρ live; σ via <see cref="GaussianPosterior.Sigma()"/>).</summary>
    public GaussianPosterior Weights { get; }

    /// <summary>q(b | μ_b, ρ_b) over the biases.</summary>
    public GaussianPosterior Bias { get; }

    /// <summary>The prior P(w) on every weight and bias.</summary>
    public Prior Prior { get; }

    /// <summary>How the complexity cost is computed (closed form or Monte Carlo).</summary>
    public KlDivergence Divergence { get; }

    /// <summary>The training-time gradient estimator.</summary>
    public GradientEstimator Estimator { get; }

    /// <inheritdoc />
    public override string Describe() => $"BayesianDense {InputSize}→{OutputSize}";

    // ---------------------------------------------------------------- teaching surface (allocates)

    /// <summary>One weight sample W = μ + σ ⊙ ε, ε ~ N(0, I), as an [in × out] matrix (allocates; for notebooks).</summary>
    public Matrix SampleWeights(Xoshiro256 rng) => new(InputSize, OutputSize, Weights.Sample(rng));

    /// <summary>y = x·W + b with one weight sample (W = μ + σ ⊙ ε, b = μ_b + σ_b ⊙ ε_b) shared by every row (allocates; for notebooks).</summary>
    /// <exception cref="ArgumentException">x.Cols ≠ InputSize.</exception>
    public Matrix Forward(Matrix x, Xoshiro256 rng) => ForwardMatrix(x, ForwardContext.Sample(rng));

    /// <summary>
    /// One weight sample W = μ + σ ⊙ ε from a caller-given ε (length InputSize·OutputSize, [in × out] row-major),
    /// as an [in × out] matrix (allocates; for notebooks).
    /// </summary>
    /// <exception cref="ArgumentException">epsilonWeights has a length other than InputSize·OutputSize.</exception>
    public Matrix SampleWeights(ReadOnlySpan<float> epsilonWeights)
    {
        Require.Length(epsilonWeights.Length, Weights.Count, nameof(epsilonWeights));
        var w = new Matrix(InputSize, OutputSize);
        Weights.Reparameterize(epsilonWeights, w.Data);
        return w;
    }

    /// <summary>
    /// y = x·W + b for rows × InputSize inputs <paramref name="x"/>, with W = μ + σ ⊙ ε and b = μ_b + σ_b ⊙ ε_b from
    /// caller-given noise (<paramref name="epsilonWeights"/>: InputSize·OutputSize values, [in × out] row-major like μ;
    /// <paramref name="epsilonBias"/>: OutputSize values), one sample shared by every row (weight reparameterization,
    /// whatever the training estimator; allocates; for notebooks). Given the ε that <see cref="Forward(Matrix, Xoshiro256)"/>
    /// draws (first ε of W, then ε of b, each by <see cref="Xoshiro256.FillStandardNormal"/>), it returns the same
    /// output. The sampled weights are <see cref="SampleWeights(ReadOnlySpan{float})"/> of the same ε.
    /// </summary>
    /// <exception cref="ArgumentException">x.Cols ≠ InputSize, or an ε of the wrong length (named).</exception>
    public Matrix Forward(Matrix x, ReadOnlySpan<float> epsilonWeights, ReadOnlySpan<float> epsilonBias)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = new Matrix(x.Rows, OutputWidth(x.Cols));
        Require.Length(epsilonBias.Length, Bias.Count, nameof(epsilonBias));
        var w = SampleWeights(epsilonWeights);
        var b = new float[OutputSize];
        Bias.Reparameterize(epsilonBias, b);
        RowOps.Affine(x.Data, w.Data, b, y.Data, x.Rows, InputSize);
        return y;
    }

    /// <summary>y = x·μ + μ_b, the mean-weights prediction (allocates; for notebooks).</summary>
    /// <exception cref="ArgumentException">x.Cols ≠ InputSize.</exception>
    public Matrix ForwardMean(Matrix x) => ForwardMatrix(x, ForwardContext.Mean);

    /// <summary>
    /// KL(q ‖ P) of weights and biases (unweighted; the complexity cost is klWeight·KL): exact for the closed form, a one-sample estimate
    /// (ε from <paramref name="rng"/>) for the Monte Carlo form.
    /// </summary>
    public double Kl(Xoshiro256 rng) => Divergence.Value(Weights, Prior, rng) + Divergence.Value(Bias, Prior, rng);

    /// <summary>|μ|/σ of every weight ([in × out] row-major, like the weights): Blundell's (2015, §5.1) signal-to-noise ratio, which <see cref="Network.Prune"/> ranks.</summary>
    public float[] SignalToNoise()
    {
        var sigma = Weights.Sigma();
        return Weights.Mu.Select((mu, i) => MathF.Abs(mu) / sigma[i]).ToArray();
    }

    // ---------------------------------------------------------------- fast path: one buffers class per estimator (Estimators/)

    internal override LayerBuffers CreateBuffers(int inputWidth, int maxRows, bool training) => BayesianBuffers.Create(this, maxRows, training);

    internal override double Forward(ReadOnlySpan<float> x, Span<float> y, int rows, LayerBuffers buffers, in ForwardContext context)
    {
        var b = (BayesianBuffers)buffers;
        if (context.Training) return b.TrainForward(x, y, rows, context);
        if (context.Rng is null) RowOps.Affine(x, Weights.Mu, Bias.Mu, y, rows, InputSize); // y = x·μ + μ_b
        else
        {
            b.SampleWeightsAndBias(context.Rng);
            RowOps.Affine(x, b.W, b.B, y, rows, InputSize);                   // y = x·w + b
        }
        return 0;
    }

    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, LayerBuffers buffers)
        => ((BayesianBuffers)buffers).Backward(x, dy, dx, rows);

    internal override IFusedUpdate? AcceptFusedUpdate(LayerBuffers buffers, IReadOnlyList<AdamRule?> rules)
        => (buffers as WeightSamplePass)?.AcceptFusedUpdate(rules);
}
