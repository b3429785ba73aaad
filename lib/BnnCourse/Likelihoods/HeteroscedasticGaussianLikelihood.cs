using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// <see cref="Likelihood.Heteroscedastic"/>, σ = softplus(s) per row and target: −log p = ½ log 2π + log σ + (y − m)²/(2σ²);
/// ∂/∂m = (m − y)/σ²; ∂/∂s = (1/σ − (y − m)²/σ³)·sigmoid(s).
/// </summary>
/// <remarks>log σ is computed as log softplus(s) directly, so no floor constant is needed for very small σ.</remarks>
internal sealed class HeteroscedasticGaussianLikelihood : Likelihood
{
    /// <inheritdoc />
    public override int OutputWidth(int targetWidth) => 2 * base.OutputWidth(targetWidth);

    /// <summary>Splits outputs (rows × 2d) into the means and σ = softplus(s) (each rows × d) for prediction.</summary>
    /// <exception cref="ArgumentException">Lengths inconsistent with rows.</exception>
    public static void MeanAndSigma(ReadOnlySpan<float> outputs, int rows, Span<float> mean, Span<float> sigma)
    {
        Require.Positive(rows, nameof(rows));
        if (outputs.Length % (2 * rows) != 0)
            throw new ArgumentException($"outputs has {outputs.Length} elements, not rows × 2d for rows = {rows}.", nameof(outputs));
        int d = outputs.Length / (2 * rows);
        Require.Length(mean.Length, (long)rows * d, nameof(mean));
        Require.Length(sigma.Length, (long)rows * d, nameof(sigma));
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < d; j++)
            {
                mean[r * d + j] = outputs[r * 2 * d + j];
                sigma[r * d + j] = (float)Softplus.Value(outputs[r * 2 * d + d + j]);
            }
    }

    /// <inheritdoc />
    protected override double Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int targetWidth, float gradientScale,
        Span<float> outputGradient, IReadOnlyList<float[]> parameterGradients)
    {
        int d = targetWidth;
        bool gradient = !outputGradient.IsEmpty;
        double sum = 0;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < d; j++)
            {
                int im = r * 2 * d + j, isc = im + d;
                double s = outputs[isc];
                double sigma = Softplus.Value(s);
                double res = (double)outputs[im] - targets[r * d + j];
                double z2 = res * res / (sigma * sigma);
                sum += MathConstants.HalfLogTwoPi + Softplus.LogValue(s) + 0.5 * z2;
                if (gradient)
                {
                    outputGradient[im] = (float)(gradientScale * res / (sigma * sigma));
                    outputGradient[isc] = (float)(gradientScale * (1.0 - z2) / sigma * Softplus.Derivative(s));
                }
            }
        return sum;
    }
}
