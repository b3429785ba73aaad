using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary><see cref="Likelihood.Bernoulli"/>: −log p = softplus(z) − y z (stable for any z); ∂/∂z = sigmoid(z) − y.</summary>
internal sealed class BernoulliLikelihood : Likelihood
{
    /// <summary>p = sigmoid(z) for every logit (for prediction).</summary>
    /// <exception cref="ArgumentException">probabilities has a length other than logits'.</exception>
    public static void Probabilities(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        Require.Length(probabilities.Length, logits.Length, nameof(probabilities));
        for (int i = 0; i < logits.Length; i++) probabilities[i] = (float)Softplus.Derivative(logits[i]);
    }

    /// <inheritdoc />
    protected internal override void ValidateTargets(ReadOnlySpan<float> targets, int rows)
    {
        for (int i = 0; i < targets.Length; i++)
            if (!(targets[i] >= 0 && targets[i] <= 1))
                throw new ArgumentException($"targets[{i}] = {targets[i]} must lie in [0, 1].", nameof(targets));
    }

    /// <inheritdoc />
    protected override double Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int targetWidth, float gradientScale,
        Span<float> outputGradient, IReadOnlyList<float[]> parameterGradients)
    {
        bool gradient = !outputGradient.IsEmpty;
        double total = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            double z = outputs[i], y = targets[i];
            total += Softplus.Value(z) - y * z;
            if (gradient) outputGradient[i] = (float)(gradientScale * (Softplus.Derivative(z) - y));
        }
        return total;
    }
}
