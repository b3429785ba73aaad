using BnnCourse;
using BnnCourse.Numerics;
using BnnCourse.Tests.Support;
using MathNet.Numerics.Distributions;

namespace BnnCourse.Tests.Likelihoods;

public class LikelihoodTests
{
    const int Rows = 4;

    static void CheckOutputAndParameterGradients(Likelihood likelihood, float[] outputs, float[] targets)
    {
        const float scale = 0.7f;
        var gOut = new float[outputs.Length];
        var gParams = likelihood.Parameters.Select(p => new float[p.Length]).ToArray();
        likelihood.NegativeLogLikelihood(outputs, targets, Rows, scale, gOut, gParams);
        double F() => scale * likelihood.NegativeLogLikelihood(outputs, targets, Rows);
        GradientCheck.Assert($"{likelihood.GetType().Name} ∂/∂outputs", outputs, gOut, F, Enumerable.Range(0, outputs.Length), h: 1e-3);
        for (int k = 0; k < gParams.Length; k++)
            GradientCheck.Assert($"{likelihood.GetType().Name} ∂/∂{likelihood.Parameters[k].Name}", likelihood.Parameters[k].Value, gParams[k], F, [0], h: 1e-3);
    }

    [Fact]
    public void Fixed_noise_gaussian_gradients_match_central_differences()
        => CheckOutputAndParameterGradients(Likelihood.Gaussian(0.4f), TestData.Normal(new Xoshiro256(1), Rows * 2), TestData.Normal(new Xoshiro256(2), Rows * 2));

    [Fact]
    public void Learned_noise_gaussian_gradients_including_the_noise_rho_match_central_differences()
        => CheckOutputAndParameterGradients(Likelihood.LearnedGaussian(0.6f), TestData.Normal(new Xoshiro256(1), Rows * 2), TestData.Normal(new Xoshiro256(2), Rows * 2));

    [Fact]
    public void Learned_log_sigma_noise_gradients_including_log_sigma_match_central_differences()
        => CheckOutputAndParameterGradients(Likelihood.LearnedGaussian(0.6f, logSigma: true), TestData.Normal(new Xoshiro256(1), Rows * 2), TestData.Normal(new Xoshiro256(2), Rows * 2));

    [Fact]
    public void Learned_log_sigma_noise_holds_log_sigma_and_has_the_same_density()
    {
        var g = Likelihood.LearnedGaussian(0.3f, logSigma: true);
        Assert.True(g.IsNoiseLogSigma);
        Assert.Equal("noise log σ", g.Parameters[0].Name);
        Assert.Equal(MathF.Log(0.3f), g.NoiseRho[0], 6);
        Assert.Equal(0.3f, g.NoiseSigma, 6);
        float[] f = [0.1f, -0.3f, 2f, 0.7f], y = [0f, 0f, 1.5f, 1f];
        double expected = -f.Zip(y).Sum(p => Normal.PDFLn(p.First, 0.3, p.Second));
        Assert.Equal(expected, g.NegativeLogLikelihood(f, y, Rows), 4);
        Assert.False(Likelihood.LearnedGaussian(0.3f).IsNoiseLogSigma);
        Assert.Equal("initialSigma", Assert.ThrowsAny<ArgumentException>(() => Likelihood.LearnedGaussian(0f, logSigma: true)).ParamName);
    }

    [Fact]
    public void Heteroscedastic_gaussian_gradients_for_means_and_scales_match_central_differences()
        => CheckOutputAndParameterGradients(Likelihood.Heteroscedastic(), TestData.Normal(new Xoshiro256(3), Rows * 4), TestData.Normal(new Xoshiro256(4), Rows * 2));

    [Fact]
    public void Categorical_gradients_match_central_differences()
        => CheckOutputAndParameterGradients(new CategoricalLikelihood(3), TestData.Normal(new Xoshiro256(5), Rows * 3, 2f), [0f, 2f, 1f, 2f]);

    [Fact]
    public void Bernoulli_gradients_match_central_differences()
        => CheckOutputAndParameterGradients(Likelihood.Bernoulli(), TestData.Normal(new Xoshiro256(6), Rows * 2, 2f), [0f, 1f, 1f, 0f, 1f, 1f, 0f, 0f]);

    [Fact]
    public void Gaussian_negative_log_likelihood_is_the_sum_of_normal_log_densities()
    {
        float[] f = [0.1f, -0.3f, 2f, 0.7f], y = [0f, 0f, 1.5f, 1f];
        double expected = -f.Zip(y).Sum(p => Normal.PDFLn(p.First, 0.3, p.Second));
        Assert.Equal(expected, Likelihood.Gaussian(0.3f).NegativeLogLikelihood(f, y, Rows), 4);
        Assert.Equal(expected, Likelihood.LearnedGaussian(0.3f).NegativeLogLikelihood(f, y, Rows), 4);
    }

    [Fact]
    public void Heteroscedastic_negative_log_likelihood_uses_softplus_of_the_second_output_as_sigma()
    {
        float[] outputs = [0.5f, -1f, 2f, 0.3f]; // two rows: (mean, raw scale)
        float[] y = [1f, 1.5f];
        double expected = -(Normal.PDFLn(0.5, Softplus.Value(-1), 1) + Normal.PDFLn(2, Softplus.Value(0.3), 1.5));
        Assert.Equal(expected, Likelihood.Heteroscedastic().NegativeLogLikelihood(outputs, y, 2), 4);
    }

    [Fact]
    public void Categorical_cross_entropy_is_stable_for_huge_logits()
    {
        float[] logits = [1e4f, 0f, -1e4f, 0f, 1e4f, 1e4f];
        double nll = new CategoricalLikelihood(3).NegativeLogLikelihood(logits, [1f, 1f], 2);
        Assert.Equal(1e4 + Math.Log(2), nll, 3); // row 1: 1e4 − 0; row 2: log 2
    }

    [Fact]
    public void Bernoulli_negative_log_likelihood_is_stable_for_large_logits()
    {
        double nll = Likelihood.Bernoulli().NegativeLogLikelihood([100f, -100f, 100f], [1f, 0f, 0f], 3);
        Assert.Equal(100.0, nll, 6);
    }

    [Fact]
    public void Categorical_rejects_a_label_outside_the_classes_naming_targets_and_value()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new CategoricalLikelihood(3).NegativeLogLikelihood(new float[6], [0f, 3f], 2));
        Assert.Equal("targets", e.ParamName);
        Assert.Contains("targets[1] = 3", e.Message);
    }

    [Fact]
    public void Mismatched_output_length_is_rejected_naming_outputs()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Likelihood.Gaussian(1f).NegativeLogLikelihood(new float[5], new float[4], 4));
        Assert.Equal("outputs", e.ParamName);
    }

    [Fact]
    public void NaN_targets_are_rejected_naming_the_index()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Likelihood.Gaussian(1f).NegativeLogLikelihood(new float[2], [0f, float.NaN], 2));
        Assert.Contains("targets[1]", e.Message);
    }

    [Fact]
    public void Non_positive_noise_is_rejected_naming_sigma()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Likelihood.Gaussian(0f));
        Assert.Equal("sigma", e.ParamName);
    }

    [Fact]
    public void Softmax_rows_sum_to_one()
    {
        var lik = new CategoricalLikelihood(4);
        var p = new float[8];
        lik.Softmax([1f, 2f, 3f, 4f, -50f, 50f, 0f, 0f], 2, p);
        Assert.Equal(1.0, p.Take(4).Sum(), 5);
        Assert.Equal(1.0, p.Skip(4).Sum(), 5);
        Assert.True(p[3] > p[2] && p[2] > p[1]);
    }
}
