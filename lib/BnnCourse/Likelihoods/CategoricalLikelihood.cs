using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// <see cref="Likelihood.Categorical"/>: the class index y ∈ {0, …, K−1} is one target column stored as a float;
/// −log p = log Σₖ e^(zₖ) − z_y computed stably (max subtracted); ∂/∂z = softmax(z) − onehot(y).
/// </summary>
internal sealed class CategoricalLikelihood : Likelihood
{
    /// <inheritdoc cref="Likelihood.Categorical"/>
    public CategoricalLikelihood(int classes)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, $"classes must be ≥ 2, got {classes}.");
        Classes = classes;
    }

    /// <summary>Number of classes K.</summary>
    public int Classes { get; }

    /// <inheritdoc />
    public override int OutputWidth(int targetWidth)
    {
        if (targetWidth != 1)
            throw new ArgumentOutOfRangeException(nameof(targetWidth), targetWidth, $"Categorical targets are one class index per row (targetWidth = 1), got {targetWidth}.");
        return Classes;
    }

    /// <inheritdoc />
    protected internal override void ValidateTargets(ReadOnlySpan<float> targets, int rows)
    {
        for (int i = 0; i < targets.Length; i++)
        {
            float t = targets[i];
            if (!(t >= 0 && t < Classes && t == MathF.Floor(t)))
                throw new ArgumentException($"targets[{i}] = {t} is not a class index in 0..{Classes - 1}.", nameof(targets));
        }
    }

    /// <summary>softmax(z) row by row (rows × K), computed with the row maximum subtracted.</summary>
    /// <exception cref="ArgumentException">Lengths inconsistent with rows × K.</exception>
    public void Softmax(ReadOnlySpan<float> logits, int rows, Span<float> probabilities)
    {
        Require.Positive(rows, nameof(rows));
        Require.Length(logits.Length, (long)rows * Classes, nameof(logits));
        Require.Length(probabilities.Length, logits.Length, nameof(probabilities));
        for (int r = 0; r < rows; r++)
        {
            var z = logits.Slice(r * Classes, Classes);
            var p = probabilities.Slice(r * Classes, Classes);
            float max = System.Numerics.Tensors.TensorPrimitives.Max(z);
            double sum = 0;
            for (int k = 0; k < Classes; k++) sum += Math.Exp(z[k] - max);
            for (int k = 0; k < Classes; k++) p[k] = (float)(Math.Exp(z[k] - max) / sum);
        }
    }

    /// <inheritdoc />
    protected override double Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int targetWidth, float gradientScale,
        Span<float> outputGradient, IReadOnlyList<float[]> parameterGradients)
    {
        int k = Classes;
        bool gradient = !outputGradient.IsEmpty;
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            var z = outputs.Slice(r * k, k);
            int y = (int)targets[r];
            float max = System.Numerics.Tensors.TensorPrimitives.Max(z);
            double sum = 0;
            for (int j = 0; j < k; j++) sum += Math.Exp(z[j] - max);
            double logSumExp = max + Math.Log(sum);
            total += logSumExp - z[y];
            if (!gradient) continue;
            var g = outputGradient.Slice(r * k, k);
            for (int j = 0; j < k; j++) g[j] = (float)(gradientScale * Math.Exp(z[j] - logSumExp));
            g[y] -= gradientScale;
        }
        return total;
    }
}
