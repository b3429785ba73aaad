using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Homoscedastic Gaussian observation noise p(y | f) = N(y | f, σ²) on every output, with σ either fixed
/// (<see cref="FixedNoise"/>) or learned as σ = softplus(ρ_noise) (<see cref="LearnedNoise"/>).
/// −log p = ½ log 2π + log σ + (y − f)²/(2σ²); ∂/∂f = (f − y)/σ²; ∂/∂ρ_noise = Σ (1/σ − (y − f)²/σ³)·sigmoid(ρ_noise).
/// </summary>
public sealed class GaussianLikelihood : Likelihood
{
    readonly float _fixedSigma;
    readonly Parameter[] _parameters;

    GaussianLikelihood(float sigma, bool learned, string sigmaName)
    {
        Require.Positive(sigma, sigmaName);
        _fixedSigma = sigma;
        IsNoiseLearned = learned;
        NoiseRho = learned ? [(float)Softplus.Inverse(sigma)] : [];
        _parameters = learned ? [new Parameter("noise ρ", NoiseRho) { Owner = "Gaussian likelihood" }] : [];
    }

    /// <summary>Fixed noise standard deviation σ &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ ≤ 0, NaN or infinite.</exception>
    public static GaussianLikelihood FixedNoise(float sigma) => new(sigma, false, nameof(sigma));

    /// <summary>Learned noise σ = softplus(ρ_noise), starting at <paramref name="initialSigma"/> &gt; 0 (trained with the network).</summary>
    /// <exception cref="ArgumentOutOfRangeException">initialSigma ≤ 0, NaN or infinite.</exception>
    public static GaussianLikelihood LearnedNoise(float initialSigma) => new(initialSigma, true, nameof(initialSigma));

    /// <summary>True when σ is a trainable parameter.</summary>
    public bool IsNoiseLearned { get; }

    /// <summary>The live ρ_noise (one element) when learned; empty otherwise.</summary>
    public float[] NoiseRho { get; }

    /// <summary>The current noise standard deviation σ (the aleatoric part of the predictive variance is σ²).</summary>
    public float NoiseSigma => IsNoiseLearned ? (float)Softplus.Value(NoiseRho[0]) : _fixedSigma;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public override int OutputWidth(int targetWidth)
    {
        Require.Positive(targetWidth, nameof(targetWidth));
        return targetWidth;
    }

    /// <inheritdoc />
    protected override double Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int targetWidth, float gradientScale,
        Span<float> outputGradient, IReadOnlyList<float[]> parameterGradients)
    {
        double sigma = IsNoiseLearned ? Softplus.Value(NoiseRho[0]) : _fixedSigma;
        double logSigma = IsNoiseLearned ? Softplus.LogValue(NoiseRho[0]) : Math.Log(_fixedSigma);
        double invVar = 1.0 / (sigma * sigma);
        double sumSquares = 0;
        bool gradient = !outputGradient.IsEmpty;
        float g = (float)(gradientScale * invVar);
        for (int i = 0; i < outputs.Length; i++)
        {
            double r = (double)outputs[i] - targets[i];
            sumSquares += r * r;
            if (gradient) outputGradient[i] = g * (float)r;
        }
        int n = outputs.Length;
        if (gradient && IsNoiseLearned)
            parameterGradients[0][0] += (float)(gradientScale * (n / sigma - sumSquares / (sigma * sigma * sigma)) * Softplus.Derivative(NoiseRho[0]));
        return n * (MathConstants.HalfLogTwoPi + logSigma) + 0.5 * sumSquares * invVar;
    }
}
