using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// The observation model p(y | f(x; w)) turning network outputs into the likelihood cost
/// −log p(D | w) = −Σₙ log p(yₙ | f(xₙ; w)) (a sum over rows, never a mean), with its gradient. The static factories
/// build the four of the course: <see cref="Gaussian"/>/<see cref="LearnedGaussian"/> (regression, one noise σ),
/// <see cref="Heteroscedastic"/> (σ(x) from a second output), <see cref="Categorical"/> (softmax over K classes) and
/// <see cref="Bernoulli"/> (one logit).
/// </summary>
public abstract class Likelihood
{
    /// <summary>Gaussian noise N(y | f, σ²) with a fixed standard deviation σ &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0, NaN or infinite.</exception>
    public static GaussianLikelihood Gaussian(float sigma) => new(sigma, false, nameof(sigma));

    /// <summary>
    /// Gaussian noise with a learned σ = softplus(ρ_noise), or σ = exp(s) (s = log σ) with <paramref name="logSigma"/>,
    /// starting at <paramref name="initialSigma"/> &gt; 0 (trained with the network). Under log σ a step of s changes σ by
    /// the same factor whatever σ is; under softplus a step of ρ moves σ by sigmoid(ρ) ≈ σ for small σ, so a small σ moves slowly.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">initialSigma ≤ 0, NaN or infinite.</exception>
    public static GaussianLikelihood LearnedGaussian(float initialSigma, bool logSigma = false) => new(initialSigma, true, nameof(initialSigma), logSigma);

    /// <summary>
    /// Heteroscedastic Gaussian N(y | m, σ²), σ = softplus(s): for d targets the network outputs 2d numbers per row, the
    /// means m₁…m_d followed by the raw scales s₁…s_d.
    /// </summary>
    public static Likelihood Heteroscedastic() => new HeteroscedasticGaussianLikelihood();

    /// <summary>Categorical over <paramref name="classes"/> ≥ 2 classes: K logits per row, p(y | z) = softmax(z)_y for the class index y.</summary>
    /// <exception cref="ArgumentOutOfRangeException">classes &lt; 2.</exception>
    public static Likelihood Categorical(int classes) => new CategoricalLikelihood(classes);

    /// <summary>Bernoulli: one logit z per target y ∈ [0, 1], p(y | z) = sigmoid(z)^y (1 − sigmoid(z))^(1−y).</summary>
    public static Likelihood Bernoulli() => new BernoulliLikelihood();

    /// <summary>Trainable likelihood parameters (e.g. a learned noise scale); empty when there are none.</summary>
    public virtual IReadOnlyList<Parameter> Parameters { get; private protected init; } = [];

    /// <summary>The network output width this likelihood needs for targets of width <paramref name="targetWidth"/> (default: the same width).</summary>
    /// <exception cref="ArgumentOutOfRangeException">targetWidth is not supported (default: ≤ 0).</exception>
    public virtual int OutputWidth(int targetWidth)
    {
        Require.Positive(targetWidth, nameof(targetWidth));
        return targetWidth;
    }

    /// <summary>−Σ_rows log p(y | outputs), in double (no gradient).</summary>
    /// <exception cref="ArgumentException">Lengths inconsistent with rows and widths, or invalid targets (NaN/∞, bad labels).</exception>
    public double NegativeLogLikelihood(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows)
        => NegativeLogLikelihood(outputs, targets, rows, 0f, default, []);

    /// <summary>
    /// −Σ_rows log p(y | outputs), in double; writes gradientScale·∂/∂outputs into <paramref name="outputGradient"/>
    /// (overwrites) and adds gradientScale·∂/∂θ into <paramref name="parameterGradients"/> (aligned with
    /// <see cref="Parameters"/>). An empty outputGradient skips all gradients.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths inconsistent with rows and widths, or invalid targets (NaN/∞, bad labels).</exception>
    public double NegativeLogLikelihood(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, float gradientScale,
        Span<float> outputGradient, IReadOnlyList<float[]> parameterGradients)
    {
        Require.Positive(rows, nameof(rows));
        if (targets.Length % rows != 0)
            throw new ArgumentException($"targets has {targets.Length} elements, not a multiple of rows = {rows}.", nameof(targets));
        int targetWidth = targets.Length / rows;
        Require.Length(outputs.Length, (long)rows * OutputWidth(targetWidth), nameof(outputs));
        ValidateTargets(targets, rows);
        bool gradient = !outputGradient.IsEmpty;
        if (gradient)
        {
            Require.Length(outputGradient.Length, outputs.Length, nameof(outputGradient));
            ArgumentNullException.ThrowIfNull(parameterGradients);
            Require.Length(parameterGradients.Count, Parameters.Count, nameof(parameterGradients));
        }
        return Evaluate(outputs, targets, rows, targetWidth, gradientScale, outputGradient, gradient ? parameterGradients : []);
    }

    /// <summary>Throws when a target is invalid for this likelihood (default: NaN/∞). The trainer checks a whole target set once, so errors name the index in the data set.</summary>
    protected internal virtual void ValidateTargets(ReadOnlySpan<float> targets, int rows) => Require.AllFinite(targets, nameof(targets));

    /// <summary>The unchecked computation behind <see cref="NegativeLogLikelihood(ReadOnlySpan{float}, ReadOnlySpan{float}, int, float, Span{float}, IReadOnlyList{float[]})"/>; outputGradient is empty when no gradient is wanted.</summary>
    protected abstract double Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int targetWidth, float gradientScale,
        Span<float> outputGradient, IReadOnlyList<float[]> parameterGradients);
}
