using System.Numerics.Tensors;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Weight reparameterization (Blundell et al. 2015, §3.2): w = μ + σ ⊙ ε, y = x·w + b, one sample shared by every row.
/// Also the buffers of every prediction pass. Backward: ∂f/∂w = xᵀ·dy; Δμ += ∂f/∂w, Δρ += ∂f/∂w ⊙ ε ⊙ sigmoid(ρ);
/// dx = dy·wᵀ. It can take over the Adam update (<see cref="AcceptFusedUpdate"/>).
/// </summary>
internal sealed class WeightSamplePass(BayesianDense layer, bool training)
    : BayesianBuffers(layer, training, needWeightSample: true)
{
    public override double TrainForward(ReadOnlySpan<float> x, Span<float> y, int rows, in ForwardContext context)
    {
        SampleWeightsAndBias(context.Rng);
        RowOps.Affine(x, W, B, y, rows, In);
        return UpdateFused ? 0 : ComplexityCost(context.KlScale); // a fused update computes the KL itself
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int rows)
    {
        var g = Gradients;
        Gemm.MultiplyTransposeA(x, dy, GradW, In, rows, Out);
        RowOps.SumRows(dy, GradB, rows);
        if (!UpdateFused)
        {
            VariationalKernels.ReparameterizationBackward(GradW, EpsW, Weights.Rho, g[0], g[1]);
            VariationalKernels.ReparameterizationBackward(GradB, EpsB, Bias.Rho, g[2], g[3]);
        }
        if (!dx.IsEmpty) Gemm.MultiplyTransposeB(dy, W, dx, rows, Out, In);
    }

    /// <summary>
    /// Takes over the Adam update when it fuses with the backward step through w and the KL gradient
    /// (<see cref="VariationalKernels.GaussianUpdate"/>, <see cref="VariationalKernels.ScaleMixtureUpdate"/>): the
    /// closed-form KL with a Gaussian prior, or the Monte Carlo KL with a scale-mixture prior.
    /// </summary>
    public IFusedUpdate? AcceptFusedUpdate(IReadOnlyList<AdamRule?> rules)
    {
        bool fusable = (Layer.Divergence is ClosedFormKl && Layer.Prior.IsGaussian) || (Layer.Divergence is MonteCarloKl && !Layer.Prior.IsGaussian);
        if (!fusable || GradW.Length == 0 || rules.Any(r => r is null)) return null; // no gradients: prediction buffers
        UpdateFused = true;
        return new FusedAdamUpdate(this, [.. rules!]);
    }

    /// <summary>
    /// After a backward pass: Δμ = ∂f/∂w + s·∂KL/∂μ, Δρ = ∂f/∂w·ε·sigmoid(ρ) + s·∂KL/∂ρ and Adam step t on μ and ρ of
    /// weights and bias, one pass per block. Returns the complexity cost at the parameters before the update (unscaled).
    /// </summary>
    sealed class FusedAdamUpdate(WeightSamplePass b, AdamRule[] rules) : IFusedUpdate
    {
        public float GradientMagnitude()
        {
            float w = MathF.Abs(TensorPrimitives.MaxMagnitude(b.GradW)), bias = MathF.Abs(TensorPrimitives.MaxMagnitude(b.GradB));
            return float.IsNaN(w) || float.IsNaN(bias) ? float.NaN : MathF.Max(w, bias);
        }

        public double Apply(float klScale, int t)
            => Block(b.Weights, b.GradW, b.EpsW, klScale, rules[0], rules[1], t) + Block(b.Bias, b.GradB, b.EpsB, klScale, rules[2], rules[3], t);

        double Block(GaussianPosterior q, float[] gradW, float[] eps, float klScale, AdamRule mu, AdamRule rho, int t)
        {
            var adam = mu.Adam;
            var p = b.Layer.Prior;
            return p.IsGaussian
                ? VariationalKernels.GaussianUpdate(q.Mu, q.Rho, gradW, eps, p.Sigma, klScale, mu.M, mu.V, rho.M, rho.V, adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, t)
                : VariationalKernels.ScaleMixtureUpdate(q.Mu, q.Rho, gradW, eps, p.Pi, p.Sigma1, p.Sigma2, klScale, mu.M, mu.V, rho.M, rho.V, adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, t);
        }
    }
}
