using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// The working memory of one <see cref="BayesianDense"/> together with the training pass of its
/// <see cref="GradientEstimator"/>: one subclass per estimator, each allocating only its own buffers. Shared here: the
/// layer's posteriors and sizes, the weight sample w = μ + σ ⊙ ε and b = μ_b + σ_b ⊙ ε_b (prediction passes and the
/// Monte Carlo KL use it), ∂f/∂w and ∂f/∂b, and the complexity cost.
/// </summary>
internal abstract class BayesianBuffers : LayerBuffers
{
    // needWeightSample: keep w (and its ε); needEpsilon: keep ε of the weights even without w.
    protected BayesianBuffers(BayesianDense layer, bool training, bool needWeightSample, bool needEpsilon = false)
        : base(training ? [new float[layer.Weights.Count], new float[layer.Weights.Count], new float[layer.OutputSize], new float[layer.OutputSize]] : [])
    {
        (Layer, Weights, Bias, In, Out) = (layer, layer.Weights, layer.Bias, layer.InputSize, layer.OutputSize);
        int nW = layer.Weights.Count;
        EpsW = needWeightSample || needEpsilon ? new float[nW] : [];
        W = needWeightSample ? new float[nW] : [];
        (EpsB, B) = (new float[Out], new float[Out]);
        (GradW, GradB) = training ? (new float[nW], new float[Out]) : ([], []);
    }

    /// <summary>Buffers for <paramref name="layer"/>'s estimator (prediction buffers always draw one whole weight sample).</summary>
    public static BayesianBuffers Create(BayesianDense layer, int maxRows, bool training) => (training ? layer.Estimator : GradientEstimator.WeightReparameterization) switch
    {
        GradientEstimator.LocalReparameterization => new LocalReparameterizationPass(layer, maxRows),
        GradientEstimator.Flipout => new FlipoutPass(layer, maxRows),
        _ => new WeightSamplePass(layer, training),
    };

    /// <summary>The layer, its posteriors q(W) and q(b), and its input and output widths.</summary>
    public readonly BayesianDense Layer;
    protected readonly GaussianPosterior Weights, Bias;
    protected readonly int In, Out;

    /// <summary>ε and w = μ + σ ⊙ ε of the weights, ε_b and b of the biases; ∂f/∂w and ∂f/∂b of the last backward pass.</summary>
    public readonly float[] EpsW, W, EpsB, B, GradW, GradB;

    /// <summary>The training forward pass; returns the unscaled complexity cost (its klScale·gradient added).</summary>
    public abstract double TrainForward(ReadOnlySpan<float> x, Span<float> y, int rows, in ForwardContext context);

    /// <summary>The backward pass of the last <see cref="TrainForward"/>.</summary>
    public abstract void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows);

    /// <summary>ε ~ N(0, I) (or ε = 0 at the mean), w = μ + σ ⊙ ε and b = μ_b + σ_b ⊙ ε_b.</summary>
    public void SampleWeightsAndBias(Xoshiro256? rng)
    {
        if (rng is null)
        {
            EpsW.AsSpan().Clear(); EpsB.AsSpan().Clear();
            VariationalKernels.SampleWeights(Weights.Mu, Weights.Rho, EpsW, W);
            VariationalKernels.SampleWeights(Bias.Mu, Bias.Rho, EpsB, B);
            return;
        }
        VariationalKernels.SampleWeights(Weights.Mu, Weights.Rho, rng, EpsW, W); // ε ~ N(0, I) and w = μ + σ ⊙ ε in one pass
        VariationalKernels.SampleWeights(Bias.Mu, Bias.Rho, rng, EpsB, B);
    }

    /// <summary>KL(q ‖ P) of weights and biases at the current sample; klScale·∇ added to the gradients.</summary>
    protected double ComplexityCost(float klScale)
    {
        var (g, divergence, prior) = (Gradients, Layer.Divergence, Layer.Prior);
        return divergence.Evaluate(Weights, prior, EpsW, W, klScale, g[0], g[1], GradW)
             + divergence.Evaluate(Bias, prior, EpsB, B, klScale, g[2], g[3], GradB);
    }
}
