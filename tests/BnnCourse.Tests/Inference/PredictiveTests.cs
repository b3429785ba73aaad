using BnnCourse.Data;
using BnnCourse;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Inference;

public class PredictiveTests
{
    /// <summary>A one-weight Bayesian layer y = w·x + b with w ~ N(0.5, 0.3²), b ~ N(−0.2, 0.4²).</summary>
    static Network OneWeight() => new(new BayesianDense(1,
        GaussianPosterior.FromMuSigma([0.5f], [0.3f]), GaussianPosterior.FromMuSigma([-0.2f], [0.4f]), Prior.Gaussian(1f)));

    static Matrix Inputs(int n, int cols, ulong seed)
    {
        var m = new Matrix(n, cols);
        new Xoshiro256(seed).FillStandardNormal(m.Data);
        return m;
    }

    [Fact]
    public void Monte_carlo_moments_match_the_closed_form_of_a_linear_bayesian_layer()
    {
        // At x = 2: y = 2w + b ~ N(0.8, (2·0.3)² + 0.4² = 0.52); the noise σ = 0.1 adds 0.01 of aleatoric variance.
        const int s = 4000;
        var p = Predictive.Regression(OneWeight(), Likelihood.Gaussian(0.1f), Matrix.FromArray(new float[,] { { 2 } }), s, new Xoshiro256(1));
        Assert.InRange(p.Mean[0], 0.8 - 4 * Math.Sqrt(0.52 / s), 0.8 + 4 * Math.Sqrt(0.52 / s));
        Assert.InRange(p.EpistemicVariance[0], 0.52 - 4 * 0.52 * Math.Sqrt(2.0 / s), 0.52 + 4 * 0.52 * Math.Sqrt(2.0 / s));
        Assert.Equal(0.1f * 0.1f, p.AleatoricVariance[0], 1e-9);
        Assert.Equal(p.EpistemicVariance[0] + p.AleatoricVariance[0], p.TotalVariance[0]);
    }

    [Fact]
    public void Predictions_do_not_depend_on_the_batch_size_and_repeat_with_the_seed()
    {
        var net = Network.BayesianMlp([3, 8, 2], Prior.Gaussian(1f), new Xoshiro256(2), initialRho: -2f);
        var x = Inputs(37, 3, 3);
        var lik = Likelihood.Gaussian(0.2f);
        var a = Predictive.Regression(net, lik, x, 6, new Xoshiro256(4), batchSize: 5);
        var b = Predictive.Regression(net, lik, x, 6, new Xoshiro256(4), batchSize: 100);
        var c = Predictive.Regression(net, lik, x, 6, new Xoshiro256(5), batchSize: 5);
        Assert.Equal(a.SampledMeans, b.SampledMeans);
        Assert.NotEqual(a.SampledMeans, c.SampledMeans);
        Assert.Equal((37, 2, 6), (a.Count, a.Width, a.Samples));
        Assert.All(a.EpistemicVariance, v => Assert.True(v > 0));
    }

    [Fact]
    public void Mean_weights_prediction_equals_the_networks_mean_forward_pass()
    {
        var net = Network.BayesianMlp([3, 8, 2], Prior.Gaussian(1f), new Xoshiro256(6));
        var x = Inputs(20, 3, 7);
        var p = Predictive.Regression(net, Likelihood.Gaussian(0.5f), x, batchSize: 6);
        Assert.Equal(net.Predict(x).Data, p.MeanAsFloat());
        Assert.All(p.EpistemicVariance, v => Assert.Equal(0, v));
        Assert.All(p.AleatoricVariance, v => Assert.Equal(0.25, v, 6));
    }

    [Fact]
    public void One_call_shape_serves_a_plain_network_and_several_samples_without_a_generator_are_refused()
    {
        var plain = Network.Mlp([3, 8, 2], new Xoshiro256(6));
        var x = Inputs(20, 3, 7);
        var likelihood = Likelihood.Categorical(2);
        var p = Predictive.Classification(plain, likelihood, x);                                  // no generator: w as they are
        var sampled = Predictive.Classification(plain, likelihood, x, samples: 3, random: new Xoshiro256(1)); // a plain network has nothing to sample
        Assert.Equal(p.Probabilities.Data, sampled.Probabilities.Data);
        Assert.All(p.MutualInformation, v => Assert.Equal(0, v, 12));
        var e = Assert.ThrowsAny<ArgumentException>(() => Predictive.Regression(plain, Likelihood.Gaussian(0.5f), x, samples: 5));
        Assert.Equal("samples", e.ParamName);
        Assert.Contains("5", e.Message);
    }

    [Fact]
    public void Heteroscedastic_head_gives_softplus_scale_squared_as_aleatoric_variance()
    {
        var dense = new Dense(1, 2, new Xoshiro256(8));
        dense.Weights[0] = 1f; dense.Weights[1] = 0.5f; // mean = x, raw scale = 0.5x − 1
        dense.Bias[0] = 0f; dense.Bias[1] = -1f;
        var x = Matrix.FromArray(new float[,] { { -2 }, { 0 }, { 3 } });
        var p = Predictive.Regression(new Network(dense), Likelihood.Heteroscedastic(), x, 3, new Xoshiro256(9));
        Assert.Equal(1, p.Width);
        for (int i = 0; i < 3; i++)
        {
            double sigma = Softplus.Value(0.5 * x[i, 0] - 1);
            Assert.Equal(x[i, 0], p.Mean[i], 1e-6);
            Assert.Equal(sigma * sigma, p.AleatoricVariance[i], 1e-6);
            Assert.Equal(0, p.EpistemicVariance[i]);
        }
    }

    [Fact]
    public void Classification_probabilities_are_the_softmax_of_the_logits()
    {
        var dense = new Dense(2, 3, new Xoshiro256(10));
        float[] w = [1, 0, -1, 2, 0.5f, 0];
        w.CopyTo(dense.Weights, 0);
        var x = Matrix.FromArray(new float[,] { { 1, 2 }, { -30, 40 } }); // second row: logits far apart
        var p = Predictive.Classification(new Network(dense), Likelihood.Categorical(3), x, 4, new Xoshiro256(11));
        double[] z = [1 + 4, 0 + 1, -1 + 0];
        double norm = z.Sum(Math.Exp);
        for (int k = 0; k < 3; k++) Assert.Equal(Math.Exp(z[k]) / norm, p.Probabilities[0, k], 1e-6);
        Assert.Equal([0, 0], p.PredictedLabels());
        Assert.All(p.Probabilities.Data, v => Assert.True(float.IsFinite(v)));
        Assert.Equal([0.0, 0.0], p.MutualInformation); // deterministic network: all samples agree
        Assert.Equal(p.PredictiveEntropy, p.ExpectedEntropy);
    }

    [Fact]
    public void Uncertain_weights_give_positive_mutual_information_and_certain_ones_almost_none()
    {
        var x = Matrix.FromArray(new float[,] { { 1, 1 } });
        Network Net(float sigma) => new(new BayesianDense(2,
            GaussianPosterior.FromMuSigma([0.2f, -0.2f, 0.1f, 0.1f], [sigma, sigma, sigma, sigma]),
            GaussianPosterior.FromMuSigma([0f, 0f], [sigma, sigma]), Prior.Gaussian(1f)));
        var wide = Predictive.Classification(Net(2f), Likelihood.Categorical(2), x, 200, new Xoshiro256(12));
        var narrow = Predictive.Classification(Net(1e-4f), Likelihood.Categorical(2), x, 200, new Xoshiro256(12));
        Assert.True(wide.MutualInformation[0] > 0.1, $"MI = {wide.MutualInformation[0]}");
        Assert.True(narrow.MutualInformation[0] < 1e-6, $"MI = {narrow.MutualInformation[0]}");
    }

    [Fact]
    public void Bernoulli_logit_becomes_two_class_probabilities_stably()
    {
        var dense = new Dense(1, 1, new Xoshiro256(13));
        dense.Weights[0] = 1f; dense.Bias[0] = 0f;
        var p = Predictive.Classification(new Network(dense), Likelihood.Bernoulli(), Matrix.FromArray(new float[,] { { 0 }, { 2 }, { -200 } }));
        Assert.Equal([0.5f, 0.5f], p.Probabilities.Row(0).ToArray());
        Assert.Equal(1 / (1 + Math.Exp(-2)), p.Probabilities[1, 1], 1e-6);
        Assert.Equal((1f, 0f), (p.Probabilities[2, 0], p.Probabilities[2, 1]));
    }

    [Fact]
    public void Mixture_interval_of_one_gaussian_is_the_gaussian_interval()
    {
        var p = new RegressionPrediction([1f, -2f], [4f, 0.25f], samples: 1, width: 1);
        var (glo, ghi) = p.GaussianInterval(0.9);
        var (mlo, mhi) = p.MixtureInterval(0.9);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(glo[i], mlo[i], 1e-8);
            Assert.Equal(ghi[i], mhi[i], 1e-8);
        }
        Assert.Equal(1 - 1.6448536269514722 * 2, glo[0], 1e-8);
    }

    [Fact]
    public void Mixture_interval_covers_draws_from_the_mixture_at_its_level()
    {
        // One point, S = 3 disagreeing components: draws from the mixture fall inside the 80% interval 80% of the time.
        var p = new RegressionPrediction([-2f, 0f, 3f], [0.5f, 1f, 0.25f], samples: 3, width: 1);
        var (lo, hi) = p.MixtureInterval(0.8);
        var random = new Xoshiro256(14);
        const int n = 20000;
        var z = new float[n];
        random.FillStandardNormal(z);
        int inside = 0;
        for (int i = 0; i < n; i++)
        {
            int c = random.NextInt(3);
            double y = p.SampledMeans[c] + Math.Sqrt(p.SampledNoiseVariances[c]) * z[i];
            if (y >= lo[0] && y <= hi[0]) inside++;
        }
        double se = Math.Sqrt(0.8 * 0.2 / n);
        Assert.InRange((double)inside / n, 0.8 - 4 * se, 0.8 + 4 * se);
    }

    [Fact]
    public void Function_quantiles_interpolate_the_sorted_sampled_means()
    {
        var p = new RegressionPrediction([3f, 1f, 5f, 2f, 4f], [1f, 1f, 1f, 1f, 1f], samples: 5, width: 1);
        Assert.Equal(2.0, p.FunctionQuantile(0.25)[0], 1e-12);
        Assert.Equal(3.0, p.FunctionQuantile(0.5)[0], 1e-12);
        Assert.Equal(1.4, p.FunctionQuantile(0.1)[0], 1e-6);
        Assert.Equal(5.0, p.FunctionQuantile(1)[0], 1e-12);
    }

    [Fact]
    public void Inverting_the_target_standardisation_shifts_means_and_scales_variances()
    {
        var st = Standardizer.FromMeanScale([100.0], [10.0]);
        var p = new RegressionPrediction([0.5f, 1.5f, -1f, 0f], [0.25f, 0.5f, 1f, 0.75f], samples: 2, width: 1);
        var q = p.Invert(st);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(100 + 10 * p.Mean[i], q.Mean[i], 1e-4);
            Assert.Equal(100 * p.EpistemicVariance[i], q.EpistemicVariance[i], 1e-3);
            Assert.Equal(100 * p.AleatoricVariance[i], q.AleatoricVariance[i], 1e-3);
        }
        float[] y = [0.2f, -0.3f];
        float[] yOriginal = [102f, 97f];
        Assert.Equal(p.NegativeLogLikelihood(y, targetScale: 10), q.NegativeLogLikelihood(yOriginal), 1e-5);
    }

    [Fact]
    public void Wrong_likelihoods_and_shapes_are_rejected_with_names()
    {
        var net = OneWeight();
        var x = Matrix.FromArray(new float[,] { { 1 } });
        Assert.Equal("likelihood", Assert.Throws<ArgumentException>(() => Predictive.Regression(net, Likelihood.Categorical(2), x, 2, new Xoshiro256(1))).ParamName);
        Assert.Equal("likelihood", Assert.Throws<ArgumentException>(() => Predictive.Classification(net, Likelihood.Gaussian(1f), x, 2, new Xoshiro256(1))).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => Predictive.Regression(net, Likelihood.Gaussian(1f), new Matrix(2, 3), 2, new Xoshiro256(1))).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentOutOfRangeException>(() => Predictive.Regression(net, Likelihood.Gaussian(1f), x, 0, new Xoshiro256(1))).ParamName);
    }
}
