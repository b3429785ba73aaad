using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Homoscedastic Gaussian observation noise p(y | f) = N(y | f, σ²) on every output, with σ either fixed
/// (<see cref="Likelihood.Gaussian"/>) or learned as σ = softplus(ρ_noise) or σ = exp(s) with s = log σ (<see cref="Likelihood.LearnedGaussian"/>).
/// −log p = ½ log 2π + log σ + (y − f)²/(2σ²); ∂/∂f = (f − y)/σ²; ∂/∂ρ_noise = Σ (1/σ − (y − f)²/σ³)·sigmoid(ρ_noise);
/// ∂/∂s = Σ (1 − (y − f)²/σ²).
/// </summary>
public sealed class GaussianLikelihood : Likelihood
{
    readonly float _fixedSigma;

    internal GaussianLikelihood(float sigma, bool learned, string sigmaName, bool logSigma = false)
    {
        Require.Positive(sigma, sigmaName);
        _fixedSigma = sigma;
        IsNoiseLearned = learned;
        IsNoiseLogSigma = learned && logSigma;
        NoiseRho = !learned ? [] : logSigma ? [MathF.Log(sigma)] : [(float)Softplus.Inverse(sigma)];
        Parameters = learned ? [new Parameter(logSigma ? "noise log σ" : "noise ρ", NoiseRho) { Owner = "Gaussian likelihood" }] : [];
    }

    /// <summary>True when σ is a trainable parameter.</summary>
    public bool IsNoiseLearned { get; }

    /// <summary>True when the learned σ is parametrised as exp(s), s = log σ (<see cref="NoiseRho"/> then holds s).</summary>
    public bool IsNoiseLogSigma { get; }

    /// <summary>The live noise parameter (one element) when learned: ρ_noise, or s = log σ when <see cref="IsNoiseLogSigma"/>; empty otherwise.</summary>
    public float[] NoiseRho { get; }

    /// <summary>The current noise standard deviation σ (the aleatoric part of the predictive variance is σ²).</summary>
    public float NoiseSigma => IsNoiseLogSigma ? MathF.Exp(NoiseRho[0]) : IsNoiseLearned ? (float)Softplus.Value(NoiseRho[0]) : _fixedSigma;

    /// <inheritdoc />
    protected override double Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int targetWidth, float gradientScale,
        Span<float> outputGradient, IReadOnlyList<float[]> parameterGradients)
    {
        double sigma = IsNoiseLogSigma ? Math.Exp(NoiseRho[0]) : IsNoiseLearned ? Softplus.Value(NoiseRho[0]) : _fixedSigma;
        double logSigma = IsNoiseLogSigma ? NoiseRho[0] : IsNoiseLearned ? Softplus.LogValue(NoiseRho[0]) : Math.Log(_fixedSigma);
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
        if (gradient && IsNoiseLogSigma)
            parameterGradients[0][0] += (float)(gradientScale * (n - sumSquares / (sigma * sigma)));
        else if (gradient && IsNoiseLearned)
            parameterGradients[0][0] += (float)(gradientScale * (n / sigma - sumSquares / (sigma * sigma * sigma)) * Softplus.Derivative(NoiseRho[0]));
        return n * (MathConstants.HalfLogTwoPi + logSigma) + 0.5 * sumSquares * invVar;
    }
}
