using System.Numerics;
using System.Numerics.Tensors;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// A Bayes-by-Backprop fully connected layer y = x·W + b with W ~ q(W | μ, ρ) and b ~ q(b | μ_b, ρ_b), diagonal
/// Gaussians with σ = softplus(ρ), W stored [in × out] row-major. The prior P(w), the complexity-cost form
/// (<see cref="KlDivergence"/>) and the <see cref="GradientEstimator"/> are chosen per layer.
/// </summary>
/// <remarks>
/// Blundell et al. (2015), Weight Uncertainty in Neural Networks, §3.2 (weight reparameterization);
/// Kingma, Salimans and Welling (2015), Variational Dropout and the Local Reparameterization Trick;
/// Wen et al. (2018), Flipout. Under Flipout the weight noise is decorrelated across the rows of a minibatch but the
/// bias sample is shared by all of them (one ε_b per minibatch, as in TensorFlow Probability's DenseFlipout), so two
/// rows' pre-activations keep covariance σ_b² (see <see cref="GradientEstimator.Flipout"/>). Prediction passes
/// (<see cref="ForwardContext.Sample"/>) always draw one whole weight sample shared by every row (a coherent function
/// sample), whatever the training estimator.
/// </remarks>
public sealed class BayesianDense : Layer
{
    readonly Parameter[] _parameters;

    /// <summary>
    /// A layer with μ ~ U(−r, r) (r = <paramref name="initialMuRange"/>, default 0.1) and every ρ = <paramref name="initialRho"/>
    /// (default −5), drawn from <paramref name="rng"/>. <paramref name="initialSigma"/> sets the initial σ directly instead
    /// (ρ = softplus⁻¹(σ)); <paramref name="fanInScaledMu"/> draws the μ of weights and biases from U(−1/√in, 1/√in), the
    /// default of PyTorch's nn.Linear (biases included, scaled by the same fan-in), instead of U(−r, r). The divergence
    /// defaults to the closed form for a <see cref="GaussianPrior"/> and to the Monte Carlo estimate otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">A size ≤ 0, r &lt; 0, ρ not finite, σ ≤ 0, both ρ and σ given, both r and
    /// fanInScaledMu given, or a divergence that cannot handle the prior.</exception>
    public BayesianDense(int inputs, int outputs, IPrior prior, Xoshiro256 rng,
        GradientEstimator estimator = GradientEstimator.WeightReparameterization, KlDivergence? divergence = null,
        float? initialMuRange = null, float? initialRho = null, float? initialSigma = null, bool fanInScaledMu = false)
        : this(inputs,
            GaussianPosterior.Initialize(Require.ArrayLength(Positive(inputs, nameof(inputs)), Positive(outputs, nameof(outputs)), nameof(inputs), nameof(outputs)), MuRange(inputs, initialMuRange, fanInScaledMu), RhoOf(initialRho, initialSigma), rng ?? throw new ArgumentNullException(nameof(rng))),
            GaussianPosterior.Initialize(outputs, MuRange(inputs, initialMuRange, fanInScaledMu), RhoOf(initialRho, initialSigma), rng),
            prior, estimator, divergence)
    {
    }

    static float MuRange(int inputs, float? initialMuRange, bool fanInScaledMu)
    {
        if (fanInScaledMu && initialMuRange is not null)
            throw new ArgumentException($"Give initialMuRange ({initialMuRange}) or fanInScaledMu, not both.", nameof(initialMuRange));
        return fanInScaledMu ? 1f / MathF.Sqrt(inputs) : NonNegative(initialMuRange ?? 0.1f, nameof(initialMuRange));
    }

    static float RhoOf(float? initialRho, float? initialSigma)
    {
        if (initialSigma is not float sigma) return initialRho ?? -5f;
        if (initialRho is not null)
            throw new ArgumentException($"Give initialRho ({initialRho}) or initialSigma ({initialSigma}), not both.", nameof(initialSigma));
        Require.Positive(sigma, nameof(initialSigma));
        return (float)Softplus.Inverse(sigma);
    }

    /// <summary>A layer over existing posteriors (e.g. loaded from a checkpoint): W has inputs × outputs weights, b has outputs.</summary>
    /// <exception cref="ArgumentException">Sizes inconsistent, or a divergence that cannot handle the prior.</exception>
    public BayesianDense(int inputs, GaussianPosterior weights, GaussianPosterior bias, IPrior prior,
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
        divergence ??= prior is GaussianPrior ? KlDivergence.ClosedForm : KlDivergence.MonteCarlo;
        divergence.Validate(prior);
        InputSize = inputs;
        OutputSize = bias.Count;
        Weights = weights;
        Bias = bias;
        Prior = prior;
        Estimator = estimator;
        Divergence = divergence;
        _parameters = [new Parameter("μ (weights)", weights.Mu), new Parameter("ρ (weights)", weights.Rho) { IsPosteriorRho = true },
                       new Parameter("μ (bias)", bias.Mu), new Parameter("ρ (bias)", bias.Rho) { IsPosteriorRho = true }];
    }

    static float NonNegative(float value, string name)
    {
        Require.NonNegative(value, name);
        return value;
    }

    static int Positive(int value, string name)
    {
        Require.Positive(value, name);
        return value;
    }

    /// <summary>Number of inputs.</summary>
    public int InputSize { get; }

    /// <summary>Number of outputs.</summary>
    public int OutputSize { get; }

    /// <summary>q(W | μ, ρ) over the [in × out] row-major weights (μ, ρ live; σ via <see cref="GaussianPosterior.Sigma()"/>).</summary>
    public GaussianPosterior Weights { get; }

    /// <summary>q(b | μ_b, ρ_b) over the biases.</summary>
    public GaussianPosterior Bias { get; }

    /// <summary>The prior P(w) on every weight and bias.</summary>
    public IPrior Prior { get; }

    /// <summary>How the complexity cost is computed (closed form or Monte Carlo).</summary>
    public KlDivergence Divergence { get; }

    /// <summary>The training-time gradient estimator.</summary>
    public GradientEstimator Estimator { get; }

    /// <summary>μ (weights), ρ (weights), μ (bias), ρ (bias), in that order.</summary>
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public override string Describe() => $"BayesianDense {InputSize}→{OutputSize}";

    /// <inheritdoc />
    public override int OutputWidth(int inputWidth)
    {
        if (inputWidth != InputSize)
            throw new ArgumentException($"{Describe()} takes {InputSize} inputs, got inputWidth = {inputWidth}.", nameof(inputWidth));
        return OutputSize;
    }

    // ---------------------------------------------------------------- teaching surface (allocates)

    /// <summary>One weight sample W = μ + σ ⊙ ε, ε ~ N(0, I), as an [in × out] matrix (allocates; for notebooks).</summary>
    public Matrix SampleWeights(Xoshiro256 rng) => new(InputSize, OutputSize, Weights.Sample(rng));

    /// <summary>
    /// y = x·W + b with one weight sample (W = μ + σ ⊙ ε, b = μ_b + σ_b ⊙ ε_b) shared by every row (allocates; for notebooks).
    /// </summary>
    /// <exception cref="ArgumentException">x.Cols ≠ InputSize.</exception>
    public Matrix Forward(Matrix x, Xoshiro256 rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return ForwardMatrix(x, ForwardContext.Sample(rng));
    }

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
    /// y = x·W + b with W = μ + σ ⊙ ε and b = μ_b + σ_b ⊙ ε_b from caller-given noise, one sample shared by every row
    /// (weight reparameterization, whatever the training estimator; allocates; for notebooks). Given the ε that
    /// <see cref="Forward(Matrix, Xoshiro256)"/> draws (first ε of W, then ε of b, each by
    /// <see cref="Xoshiro256.FillStandardNormal"/>), it returns the same output. The sampled weights are
    /// <see cref="SampleWeights(ReadOnlySpan{float})"/> of the same ε.
    /// </summary>
    /// <param name="x">rows × InputSize inputs.</param>
    /// <param name="epsilonWeights">ε of the weights, InputSize·OutputSize values, [in × out] row-major like μ.</param>
    /// <param name="epsilonBias">ε_b of the biases, OutputSize values.</param>
    /// <exception cref="ArgumentException">x.Cols ≠ InputSize, or an ε of the wrong length (named).</exception>
    public Matrix Forward(Matrix x, ReadOnlySpan<float> epsilonWeights, ReadOnlySpan<float> epsilonBias)
    {
        ArgumentNullException.ThrowIfNull(x);
        OutputWidth(x.Cols);
        Require.Length(epsilonBias.Length, Bias.Count, nameof(epsilonBias));
        var w = SampleWeights(epsilonWeights);
        var b = new float[OutputSize];
        Bias.Reparameterize(epsilonBias, b);
        var y = new Matrix(x.Rows, OutputSize);
        Gemm.Multiply(x.Data, w.Data, y.Data, x.Rows, InputSize, OutputSize);   // y = x·W
        RowOps.AddToRows(y.Data, b, x.Rows);                                     //   + b
        return y;
    }

    /// <summary>y = x·μ + μ_b, the mean-weights prediction (allocates; for notebooks).</summary>
    /// <exception cref="ArgumentException">x.Cols ≠ InputSize.</exception>
    public Matrix ForwardMean(Matrix x) => ForwardMatrix(x, ForwardContext.Mean);

    Matrix ForwardMatrix(Matrix x, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        OutputWidth(x.Cols);
        var y = new Matrix(x.Rows, OutputSize);
        Forward(x.Data, y.Data, x.Rows, CreateBuffers(InputSize, Math.Max(1, x.Rows), false), context);
        return y;
    }

    /// <summary>
    /// KL(q ‖ P) of weights and biases (unweighted; the complexity cost is klWeight·KL): exact for the closed form, a one-sample estimate
    /// (ε from <paramref name="rng"/>) for the Monte Carlo form.
    /// </summary>
    public double Kl(Xoshiro256 rng) => Divergence.Value(Weights, Prior, rng) + Divergence.Value(Bias, Prior, rng);

    // ---------------------------------------------------------------- fast path

    /// <inheritdoc />
    internal override LayerBuffers CreateBuffers(int inputWidth, int maxRows, bool training)
    {
        OutputWidth(inputWidth);
        Require.Positive(maxRows, nameof(maxRows));
        return new Buffers(this, maxRows, training);
    }

    /// <summary>
    /// Sampled or mean forward pass with the layer's estimator (prediction passes always use one weight sample),
    /// returning the complexity cost in training passes.
    /// </summary>
    internal override double Forward(ReadOnlySpan<float> x, Span<float> y, int rows, LayerBuffers buffers, in ForwardContext context)
    {
        var b = (Buffers)buffers;
        if (!context.Training)
        {
            if (!context.Sampling)
            {
                Gemm.Multiply(x, Weights.Mu, y, rows, InputSize, OutputSize);   // y = x·μ + μ_b
                RowOps.AddToRows(y, Bias.Mu, rows);
                return 0;
            }
            SampleWeightsAndBias(b, context.Rng);
            Gemm.Multiply(x, b.W, y, rows, InputSize, OutputSize);              // y = x·w + b
            RowOps.AddToRows(y, b.B, rows);
            return 0;
        }
        return Estimator switch
        {
            GradientEstimator.LocalReparameterization => ForwardLocal(x, y, rows, b, context),
            GradientEstimator.Flipout => ForwardFlipout(x, y, rows, b, context),
            _ => ForwardWeightSample(x, y, rows, b, context),
        };
    }

    /// <inheritdoc />
    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, LayerBuffers buffers)
    {
        var b = (Buffers)buffers;
        switch (Estimator)
        {
            case GradientEstimator.LocalReparameterization: BackwardLocal(x, dy, dx, rows, b); break;
            case GradientEstimator.Flipout: BackwardFlipout(x, dy, dx, rows, b); break;
            default: BackwardWeightSample(x, dy, dx, rows, b); break;
        }
    }

    /// <summary>ε ~ N(0, I) (or ε = 0 at the mean), w = μ + σ ⊙ ε and b = μ_b + σ_b ⊙ ε_b.</summary>
    void SampleWeightsAndBias(Buffers b, Xoshiro256? rng)
    {
        if (rng is null)
        {
            b.EpsW.AsSpan().Clear(); b.EpsB.AsSpan().Clear();
            VariationalKernels.SampleWeights(Weights.Mu, Weights.Rho, b.EpsW, b.W);
            VariationalKernels.SampleWeights(Bias.Mu, Bias.Rho, b.EpsB, b.B);
            return;
        }
        VariationalKernels.SampleWeights(Weights.Mu, Weights.Rho, rng, b.EpsW, b.W); // ε ~ N(0, I) and w = μ + σ ⊙ ε in one pass
        VariationalKernels.SampleWeights(Bias.Mu, Bias.Rho, rng, b.EpsB, b.B);
    }

    /// <summary>KL(q ‖ P) of weights and biases at the current sample; klScale·∇ added to the gradients.</summary>
    double ComplexityCost(Buffers b, float klScale)
    {
        var g = b.Gradients;
        return Divergence.Evaluate(Weights, Prior, b.EpsW, b.W, klScale, g[0], g[1], b.GradW)
             + Divergence.Evaluate(Bias, Prior, b.EpsB, b.B, klScale, g[2], g[3], b.GradB);
    }

    // (a) weight reparameterization: w = μ + σ ⊙ ε, y = x·w + b.
    double ForwardWeightSample(ReadOnlySpan<float> x, Span<float> y, int rows, Buffers b, in ForwardContext context)
    {
        SampleWeightsAndBias(b, context.Rng);
        Gemm.Multiply(x, b.W, y, rows, InputSize, OutputSize);
        RowOps.AddToRows(y, b.B, rows);
        b.FusedPass = context.Fused && CanFuseUpdate;
        return b.FusedPass ? 0 : ComplexityCost(b, context.KlScale); // a fused pass gets the KL from FusedAdamUpdate
    }

    // ∂f/∂w = xᵀ·dy; Δμ += ∂f/∂w, Δρ += ∂f/∂w · ε · sigmoid(ρ); dx = dy·wᵀ.
    void BackwardWeightSample(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows, Buffers b)
    {
        var g = b.Gradients;
        Gemm.MultiplyTransposeA(x, dy, b.GradW, InputSize, rows, OutputSize);
        b.GradB.AsSpan().Clear();
        RowOps.AddRowSums(dy, b.GradB, rows);
        if (!b.FusedPass)
        {
            VariationalKernels.ReparameterizationBackward(b.GradW, b.EpsW, Weights.Rho, g[0], g[1]);
            VariationalKernels.ReparameterizationBackward(b.GradB, b.EpsB, Bias.Rho, g[2], g[3]);
        }
        if (!dx.IsEmpty) Gemm.MultiplyTransposeB(dy, b.W, dx, rows, OutputSize, InputSize);
    }

    // (b) local reparameterization: γ = x·μ + μ_b, δ = x²·σ² + σ_b², y = γ + √δ ⊙ ζ, ζ ~ N(0, I) per row and unit.
    double ForwardLocal(ReadOnlySpan<float> x, Span<float> y, int rows, Buffers b, in ForwardContext context)
    {
        int nIn = rows * InputSize, nOut = rows * OutputSize;
        VariationalKernels.SigmaSquared(Weights.Rho, b.Sigma2W);
        VariationalKernels.SigmaSquared(Bias.Rho, b.Sigma2B);
        var xSq = b.XSquared.AsSpan(0, nIn);
        TensorPrimitives.Multiply(x, x, xSq);
        Gemm.Multiply(x, Weights.Mu, y, rows, InputSize, OutputSize);
        RowOps.AddToRows(y, Bias.Mu, rows);
        var std = b.Std.AsSpan(0, nOut);
        Gemm.Multiply(xSq, b.Sigma2W, std, rows, InputSize, OutputSize);
        RowOps.AddToRows(std, b.Sigma2B, rows);
        TensorPrimitives.Sqrt(std, std);
        var zeta = b.Zeta.AsSpan(0, nOut);
        if (context.Rng is null) zeta.Clear(); else context.Rng.FillStandardNormal(zeta);
        TensorPrimitives.MultiplyAdd(std, zeta, y, y);
        if (Divergence.NeedsWeightSample) SampleWeightsAndBias(b, context.Rng); // a separate weight sample for the KL estimate
        return ComplexityCost(b, context.KlScale);
    }

    // ∂L/∂μ = xᵀ·dy; ∂L/∂δ = dy ⊙ ζ/(2√δ) (0 where δ = 0); ∂L/∂σ² = (x²)ᵀ·∂L/∂δ; ∂σ²/∂ρ = 2σ·sigmoid(ρ);
    // dx = dy·μᵀ + 2x ⊙ (∂L/∂δ·(σ²)ᵀ).
    void BackwardLocal(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows, Buffers b)
    {
        var g = b.Gradients;
        int nIn = rows * InputSize, nOut = rows * OutputSize;
        Gemm.MultiplyTransposeA(x, dy, g[0], InputSize, rows, OutputSize, accumulate: true);
        RowOps.AddRowSums(dy, g[2], rows);
        var dVar = b.DVar.AsSpan(0, nOut);
        var std = b.Std.AsSpan(0, nOut);
        var zeta = b.Zeta.AsSpan(0, nOut);
        HalfRatio(dy, zeta, std, dVar);
        Gemm.MultiplyTransposeA(b.XSquared.AsSpan(0, nIn), dVar, b.GradW, InputSize, rows, OutputSize);
        VariationalKernels.AddThroughSigmaSquared(b.GradW, Weights.Rho, g[1]);
        b.GradB.AsSpan().Clear();
        RowOps.AddRowSums(dVar, b.GradB, rows);
        VariationalKernels.AddThroughSigmaSquared(b.GradB, Bias.Rho, g[3]);
        if (dx.IsEmpty) return;
        var tmp = b.TmpX.AsSpan(0, nIn);
        Gemm.MultiplyTransposeB(dy, Weights.Mu, dx, rows, OutputSize, InputSize);
        Gemm.MultiplyTransposeB(dVar, b.Sigma2W, tmp, rows, OutputSize, InputSize);
        TensorPrimitives.Multiply(tmp, 2f, tmp);
        TensorPrimitives.MultiplyAdd(x, tmp, dx, dx);
    }

    /// <summary>∂L/∂δ = dy ⊙ ζ / (2√δ), and 0 where √δ = 0 (no variance, no gradient through it).</summary>
    static void HalfRatio(ReadOnlySpan<float> dy, ReadOnlySpan<float> zeta, ReadOnlySpan<float> std, Span<float> dVar)
    {
        int n = dVar.Length, width = Vector<float>.Count, k = 0;
        for (; k <= n - width; k += width)
        {
            var s = new Vector<float>(std.Slice(k, width));
            var r = new Vector<float>(dy.Slice(k, width)) * new Vector<float>(zeta.Slice(k, width)) / (2f * s);
            Vector.ConditionalSelect(Vector.GreaterThan(s, Vector<float>.Zero), r, Vector<float>.Zero).CopyTo(dVar.Slice(k, width));
        }
        for (; k < n; k++) dVar[k] = std[k] > 0 ? dy[k] * zeta[k] / (2f * std[k]) : 0f;
    }

    // (c) Flipout: ΔW = σ ⊙ ε shared, y = x·μ + ((x ⊙ S)·ΔW) ⊙ R + b, S and R random signs per row;
    //     b = μ_b + σ_b ⊙ ε_b is one sample shared by every row (not sign-flipped), as in TFP's DenseFlipout.
    double ForwardFlipout(ReadOnlySpan<float> x, Span<float> y, int rows, Buffers b, in ForwardContext context)
    {
        int nIn = rows * InputSize, nOut = rows * OutputSize;
        var signsIn = b.SignsIn.AsSpan(0, nIn);
        var signsOut = b.SignsOut.AsSpan(0, nOut);
        if (context.Rng is null)
        {
            b.EpsW.AsSpan().Clear(); b.EpsB.AsSpan().Clear(); signsIn.Fill(1f); signsOut.Fill(1f);
        }
        else
        {
            context.Rng.FillStandardNormal(b.EpsW); context.Rng.FillStandardNormal(b.EpsB);
            RowOps.FillRandomSigns(context.Rng, signsIn); RowOps.FillRandomSigns(context.Rng, signsOut);
        }
        VariationalKernels.SigmaTimes(Weights.Rho, b.EpsW, b.Delta);
        VariationalKernels.SampleWeights(Bias.Mu, Bias.Rho, b.EpsB, b.B);
        var xs = b.XSigned.AsSpan(0, nIn);
        var h = b.H.AsSpan(0, nOut);
        TensorPrimitives.Multiply(x, signsIn, xs);
        Gemm.Multiply(x, Weights.Mu, y, rows, InputSize, OutputSize);
        Gemm.Multiply(xs, b.Delta, h, rows, InputSize, OutputSize);
        TensorPrimitives.MultiplyAdd(h, signsOut, y, y);
        RowOps.AddToRows(y, b.B, rows);
        if (Divergence.NeedsWeightSample) TensorPrimitives.Add(Weights.Mu, b.Delta, b.W); // w = μ + ΔW
        return ComplexityCost(b, context.KlScale);
    }

    // ∂L/∂μ = xᵀ·dy; ∂L/∂H = dy ⊙ R; ∂L/∂ΔW = (x ⊙ S)ᵀ·∂L/∂H; Δρ += ∂L/∂ΔW ⊙ ε ⊙ sigmoid(ρ);
    // dx = dy·μᵀ + (∂L/∂H·ΔWᵀ) ⊙ S.
    void BackwardFlipout(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows, Buffers b)
    {
        var g = b.Gradients;
        int nIn = rows * InputSize, nOut = rows * OutputSize;
        Gemm.MultiplyTransposeA(x, dy, g[0], InputSize, rows, OutputSize, accumulate: true);
        var dH = b.DH.AsSpan(0, nOut);
        TensorPrimitives.Multiply(dy, b.SignsOut.AsSpan(0, nOut), dH);
        Gemm.MultiplyTransposeA(b.XSigned.AsSpan(0, nIn), dH, b.GradW, InputSize, rows, OutputSize);
        VariationalKernels.ReparameterizationBackwardRho(b.GradW, b.EpsW, Weights.Rho, g[1]);
        b.GradB.AsSpan().Clear();
        RowOps.AddRowSums(dy, b.GradB, rows);
        VariationalKernels.ReparameterizationBackward(b.GradB, b.EpsB, Bias.Rho, g[2], g[3]);
        if (dx.IsEmpty) return;
        var tmp = b.TmpX.AsSpan(0, nIn);
        Gemm.MultiplyTransposeB(dy, Weights.Mu, dx, rows, OutputSize, InputSize);
        Gemm.MultiplyTransposeB(dH, b.Delta, tmp, rows, OutputSize, InputSize);
        TensorPrimitives.MultiplyAdd(tmp, b.SignsIn.AsSpan(0, nIn), dx, dx);
    }

    // ---------------------------------------------------------------- fused update (trainer fast path)

    /// <summary>
    /// True when the trainer may fuse this layer's backward step through w = μ + σ ⊙ ε, its complexity-cost gradient
    /// and the Adam update into one pass per weight block (<see cref="VariationalKernels.GaussianUpdate"/>,
    /// <see cref="VariationalKernels.ScaleMixtureUpdate"/>): weight reparameterization with the closed-form KL and a
    /// Gaussian prior, or the Monte Carlo KL and a scale-mixture prior.
    /// </summary>
    internal bool CanFuseUpdate => Estimator == GradientEstimator.WeightReparameterization
        && ((Divergence is ClosedFormKl && Prior is GaussianPrior) || (Divergence is MonteCarloKl && Prior is ScaleMixturePrior));

    /// <summary>True when the last training pass on these buffers deferred to <see cref="FusedAdamUpdate"/>.</summary>
    internal static bool IsFusedPass(LayerBuffers buffers) => buffers is Buffers { FusedPass: true };

    /// <summary>∂f/∂w and ∂f/∂b of a fused pass are finite (checked before the update).</summary>
    /// <summary>max |∂f/∂w| and |∂f/∂b| after a fused pass (NaN when one is NaN).</summary>
    internal static float FusedGradientMagnitude(LayerBuffers buffers)
    {
        var b = (Buffers)buffers;
        float w = MathF.Abs(TensorPrimitives.MaxMagnitude(b.GradW)), bias = MathF.Abs(TensorPrimitives.MaxMagnitude(b.GradB));
        return float.IsNaN(w) || float.IsNaN(bias) ? float.NaN : MathF.Max(w, bias);
    }

    /// <summary>
    /// After a fused pass and its backward: Δμ = ∂f/∂w + s·∂KL/∂μ, Δρ = ∂f/∂w·ε·sigmoid(ρ) + s·∂KL/∂ρ and Adam step t
    /// on μ and ρ of weights and bias, in one pass each (moments = the optimizer's, for the four parameters in order).
    /// Returns the complexity cost at the parameters before the update (unscaled).
    /// </summary>
    internal double FusedAdamUpdate(LayerBuffers buffers, float klScale, IReadOnlyList<(float[] M, float[] V)> moments, float learningRate, float beta1, float beta2, float epsilon, int t)
    {
        var b = (Buffers)buffers;
        return FusedBlock(Weights, b.GradW, b.EpsW, klScale, moments[0], moments[1], learningRate, beta1, beta2, epsilon, t)
             + FusedBlock(Bias, b.GradB, b.EpsB, klScale, moments[2], moments[3], learningRate, beta1, beta2, epsilon, t);
    }

    double FusedBlock(GaussianPosterior q, float[] gradW, float[] eps, float klScale, (float[] M, float[] V) mu, (float[] M, float[] V) rho,
        float learningRate, float beta1, float beta2, float epsilon, int t)
        => Prior switch
        {
            GaussianPrior g => VariationalKernels.GaussianUpdate(q.Mu, q.Rho, gradW, eps, g.Sigma, klScale, mu.M, mu.V, rho.M, rho.V, learningRate, beta1, beta2, epsilon, t),
            ScaleMixturePrior m => VariationalKernels.ScaleMixtureUpdate(q.Mu, q.Rho, gradW, eps, m.Pi, m.Sigma1, m.Sigma2, klScale, mu.M, mu.V, rho.M, rho.V, learningRate, beta1, beta2, epsilon, t),
            _ => throw new InvalidOperationException($"{Name} cannot fuse its update with prior {Prior}."),
        };

    /// <summary>The working memory of one <see cref="BayesianDense"/>, allocated for its estimator only.</summary>
    sealed class Buffers : LayerBuffers
    {
        static readonly float[] None = [];

        public Buffers(BayesianDense layer, int maxRows, bool training)
            : base(maxRows, training, training
                ? [new float[layer.Weights.Count], new float[layer.Weights.Count], new float[layer.OutputSize], new float[layer.OutputSize]]
                : [])
        {
            int nW = layer.Weights.Count, nOut = layer.OutputSize;
            int rowsIn = maxRows * layer.InputSize, rowsOut = maxRows * nOut;
            var est = training ? layer.Estimator : GradientEstimator.WeightReparameterization;
            bool needW = est == GradientEstimator.WeightReparameterization || layer.Divergence.NeedsWeightSample || !training;
            bool needEps = needW || est == GradientEstimator.Flipout;
            EpsW = needEps ? new float[nW] : None;
            W = needW ? new float[nW] : None;
            EpsB = new float[nOut];
            B = new float[nOut];
            GradW = training ? new float[nW] : None;
            GradB = training ? new float[nOut] : None;
            bool local = training && est == GradientEstimator.LocalReparameterization;
            bool flip = training && est == GradientEstimator.Flipout;
            Sigma2W = local ? new float[nW] : None;
            Sigma2B = local ? new float[nOut] : None;
            XSquared = local ? new float[rowsIn] : None;
            Std = local ? new float[rowsOut] : None;
            Zeta = local ? new float[rowsOut] : None;
            DVar = local ? new float[rowsOut] : None;
            Delta = flip ? new float[nW] : None;
            SignsIn = flip ? new float[rowsIn] : None;
            SignsOut = flip ? new float[rowsOut] : None;
            XSigned = flip ? new float[rowsIn] : None;
            H = flip ? new float[rowsOut] : None;
            DH = flip ? new float[rowsOut] : None;
            TmpX = local || flip ? new float[rowsIn] : None;
        }

        public float[] EpsW, W, EpsB, B, GradW, GradB;
        public bool FusedPass;
        public float[] Sigma2W, Sigma2B, XSquared, Std, Zeta, DVar;
        public float[] Delta, SignsIn, SignsOut, XSigned, H, DH, TmpX;
    }
}
