using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// The working memory of one <see cref="BayesianDense"/> together with the training pass of its
/// <see cref="GradientEstimator"/>: one subclass per estimator, each allocating only its own buffers. Shared here: the
/// weight sample w = μ + σ ⊙ ε and b = μ_b + σ_b ⊙ ε_b (prediction passes and the Monte Carlo KL use it), ∂f/∂w and
/// ∂f/∂b, and the complexity cost.
/// </summary>
internal abstract class BayesianBuffers : LayerBuffers
{
    protected static readonly float[] None = [];

    // needWeightSample: keep w (and its ε); needEpsilon: keep ε of the weights even without w.
    protected BayesianBuffers(BayesianDense layer, int maxRows, bool training, bool needWeightSample, bool needEpsilon = false)
        : base(maxRows, training, training
            ? [new float[layer.Weights.Count], new float[layer.Weights.Count], new float[layer.OutputSize], new float[layer.OutputSize]]
            : [])
    {
        Layer = layer;
        int nW = layer.Weights.Count, nOut = layer.OutputSize;
        EpsW = needWeightSample || needEpsilon ? new float[nW] : None;
        W = needWeightSample ? new float[nW] : None;
        EpsB = new float[nOut];
        B = new float[nOut];
        GradW = training ? new float[nW] : None;
        GradB = training ? new float[nOut] : None;
    }

    /// <summary>Buffers for <paramref name="layer"/>'s estimator (prediction buffers always draw one whole weight sample).</summary>
    public static BayesianBuffers Create(BayesianDense layer, int maxRows, bool training) => !training
        ? new WeightSamplePass(layer, maxRows, training: false)
        : layer.Estimator switch
        {
            GradientEstimator.LocalReparameterization => new LocalReparameterizationPass(layer, maxRows),
            GradientEstimator.Flipout => new FlipoutPass(layer, maxRows),
            _ => new WeightSamplePass(layer, maxRows, training: true),
        };

    public BayesianDense Layer { get; }

    /// <summary>ε and w = μ + σ ⊙ ε of the weights, ε_b and b of the biases; ∂f/∂w and ∂f/∂b of the last backward pass.</summary>
    public readonly float[] EpsW, W, EpsB, B, GradW, GradB;

    /// <summary>The training forward pass; returns the unscaled complexity cost (its klScale·gradient added).</summary>
    public abstract double TrainForward(ReadOnlySpan<float> x, Span<float> y, int rows, in ForwardContext context);

    /// <summary>The backward pass of the last <see cref="TrainForward"/>.</summary>
    public abstract void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows);

    /// <summary>ε ~ N(0, I) (or ε = 0 at the mean), w = μ + σ ⊙ ε and b = μ_b + σ_b ⊙ ε_b.</summary>
    public void SampleWeightsAndBias(Xoshiro256? rng)
    {
        var (weights, bias) = (Layer.Weights, Layer.Bias);
        if (rng is null)
        {
            EpsW.AsSpan().Clear(); EpsB.AsSpan().Clear();
            VariationalKernels.SampleWeights(weights.Mu, weights.Rho, EpsW, W);
            VariationalKernels.SampleWeights(bias.Mu, bias.Rho, EpsB, B);
            return;
        }
        VariationalKernels.SampleWeights(weights.Mu, weights.Rho, rng, EpsW, W); // ε ~ N(0, I) and w = μ + σ ⊙ ε in one pass
        VariationalKernels.SampleWeights(bias.Mu, bias.Rho, rng, EpsB, B);
    }

    /// <summary>KL(q ‖ P) of weights and biases at the current sample; klScale·∇ added to the gradients.</summary>
    protected double ComplexityCost(float klScale)
    {
        var g = Gradients;
        var (divergence, prior) = (Layer.Divergence, Layer.Prior);
        return divergence.Evaluate(Layer.Weights, prior, EpsW, W, klScale, g[0], g[1], GradW)
             + divergence.Evaluate(Layer.Bias, prior, EpsB, B, klScale, g[2], g[3], GradB);
    }
}
