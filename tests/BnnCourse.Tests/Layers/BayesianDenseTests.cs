using BnnCourse;
using BnnCourse.Numerics;
using BnnCourse.Tests.Support;

namespace BnnCourse.Tests.Layers;

public class BayesianDenseTests
{
    const int In = 5, Out = 4, Rows = 3;

    static BayesianDense MakeLayer(GradientEstimator estimator, Prior prior, KlDivergence? divergence = null)
    {
        var rng = new Xoshiro256(11);
        var layer = new BayesianDense(In, Out, prior, rng, estimator, divergence, initialMuRange: 0.5f, initialRho: -1f);
        // spread the ρ so σ varies across weights
        var jitter = TestData.Normal(rng, layer.Weights.Count, 0.5f);
        for (int i = 0; i < jitter.Length; i++) layer.Weights.Rho[i] += jitter[i];
        return layer;
    }

    /// <summary>L(θ) = Σ c ⊙ y(x; θ, ε) + s·KL(θ, ε), ε fixed by reseeding the generator before every evaluation.</summary>
    static void CheckGradients(BayesianDense layer, bool sampled)
    {
        var data = new Xoshiro256(5);
        var x = TestData.Normal(data, Rows * In);
        var c = TestData.Normal(data, Rows * Out);
        const float klScale = 0.3f;
        var buffers = layer.CreateBuffers(In, Rows, training: true);
        var y = new float[Rows * Out];
        ForwardContext Context() => sampled ? ForwardContext.Train(new Xoshiro256(99), klScale) : ForwardContext.TrainMean(klScale);
        double Loss(float[] input)
        {
            foreach (var g in buffers.Gradients) Array.Clear(g);
            double kl = layer.Forward(input, y, Rows, buffers, Context());
            return TestData.Dot(c, y) + klScale * kl;
        }

        Loss(x);
        var dx = new float[Rows * In];
        layer.Backward(x, y, c, dx, Rows, buffers);
        var grads = buffers.Gradients.Select(g => (float[])g.Clone()).ToArray();
        for (int k = 0; k < 4; k++)
        {
            var p = layer.Parameters[k];
            GradientCheck.Assert($"{layer.Estimator} {p.Name}", p.Value, grads[k], () => Loss(x), GradientCheck.Spread(p.Length, 10));
        }
        GradientCheck.Assert($"{layer.Estimator} dx", x, dx, () => Loss(x), GradientCheck.Spread(x.Length, 10));
    }

    [Theory]
    [InlineData(GradientEstimator.WeightReparameterization)]
    [InlineData(GradientEstimator.LocalReparameterization)]
    [InlineData(GradientEstimator.Flipout)]
    public void Sampled_gradients_with_closed_form_kl_match_central_differences(GradientEstimator estimator)
        => CheckGradients(MakeLayer(estimator, Prior.Gaussian(0.8f)), sampled: true);

    [Theory]
    [InlineData(GradientEstimator.WeightReparameterization)]
    [InlineData(GradientEstimator.LocalReparameterization)]
    [InlineData(GradientEstimator.Flipout)]
    public void Sampled_gradients_with_monte_carlo_kl_and_scale_mixture_prior_match_central_differences(GradientEstimator estimator)
        => CheckGradients(MakeLayer(estimator, Prior.ScaleMixture(0.5f, 1f, 0.1f)), sampled: true);

    [Theory]
    [InlineData(GradientEstimator.WeightReparameterization)]
    [InlineData(GradientEstimator.LocalReparameterization)]
    [InlineData(GradientEstimator.Flipout)]
    public void Mean_mode_gradients_match_central_differences(GradientEstimator estimator)
        => CheckGradients(MakeLayer(estimator, Prior.Gaussian(1f)), sampled: false);

    [Theory]
    [InlineData(GradientEstimator.WeightReparameterization)]
    [InlineData(GradientEstimator.LocalReparameterization)]
    [InlineData(GradientEstimator.Flipout)]
    public void Pre_activation_mean_and_variance_match_explicit_weight_sampling(GradientEstimator estimator)
    {
        // Explicit weight sampling: y_j = Σ_i x_i w_ij + b_j has mean Σ x_i μ_ij + μ_bj and variance Σ x_i² σ_ij² + σ_bj².
        // Every estimator must give each row's pre-activations this distribution (4 standard errors, fixed seed).
        var layer = MakeLayer(estimator, Prior.Gaussian(1f));
        var data = new Xoshiro256(3);
        const int rows = 2, draws = 6000;
        var x = TestData.Normal(data, rows * In);
        var sigmaW = layer.Weights.Sigma();
        var sigmaB = layer.Bias.Sigma();
        var buffers = layer.CreateBuffers(In, rows, training: true);
        var y = new float[rows * Out];
        var sum = new double[rows * Out];
        var sumSq = new double[rows * Out];
        var rng = new Xoshiro256(2024);
        for (int d = 0; d < draws; d++)
        {
            layer.Forward(x, y, rows, buffers, ForwardContext.Train(rng, 0f));
            for (int k = 0; k < y.Length; k++) { sum[k] += y[k]; sumSq[k] += (double)y[k] * y[k]; }
        }
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < Out; j++)
            {
                double mean = layer.Bias.Mu[j], variance = (double)sigmaB[j] * sigmaB[j];
                for (int i = 0; i < In; i++)
                {
                    double xi = x[r * In + i];
                    mean += xi * layer.Weights.Mu[i * Out + j];
                    variance += xi * xi * sigmaW[i * Out + j] * sigmaW[i * Out + j];
                }
                int k = r * Out + j;
                double sampleMean = sum[k] / draws;
                double sampleVar = (sumSq[k] - draws * sampleMean * sampleMean) / (draws - 1);
                double seMean = Math.Sqrt(variance / draws), seVar = variance * Math.Sqrt(2.0 / (draws - 1));
                Assert.True(Math.Abs(sampleMean - mean) <= 4 * seMean, $"{estimator} row {r} unit {j}: mean {sampleMean} vs {mean} (SE {seMean})");
                Assert.True(Math.Abs(sampleVar - variance) <= 4 * seVar, $"{estimator} row {r} unit {j}: variance {sampleVar} vs {variance} (SE {seVar})");
            }
    }

    [Fact]
    public void Local_reparameterization_decorrelates_rows_that_weight_sampling_couples()
    {
        // Two identical rows: one shared weight sample gives identical outputs; local reparameterization samples each row independently.
        var rng = new Xoshiro256(8);
        var x = TestData.Normal(rng, In);
        var twoRows = x.Concat(x).ToArray();
        foreach (var estimator in new[] { GradientEstimator.WeightReparameterization, GradientEstimator.LocalReparameterization })
        {
            var layer = MakeLayer(estimator, Prior.Gaussian(1f));
            var y = new float[2 * Out];
            layer.Forward(twoRows, y, 2, layer.CreateBuffers(In, 2, true), ForwardContext.Train(new Xoshiro256(1), 0f));
            bool same = y.AsSpan(0, Out).SequenceEqual(y.AsSpan(Out, Out));
            Assert.Equal(estimator == GradientEstimator.WeightReparameterization, same);
        }
    }

    [Fact]
    public void Mean_prediction_is_x_times_mu_plus_mu_bias()
    {
        var layer = MakeLayer(GradientEstimator.WeightReparameterization, Prior.Gaussian(1f));
        var x = Matrix.FromArray(new float[,] { { 1, 2, 3, 4, 5 }, { -1, 0, 0.5f, 2, -3 } });
        var y = layer.ForwardMean(x);
        for (int r = 0; r < 2; r++)
            for (int j = 0; j < Out; j++)
            {
                double expected = layer.Bias.Mu[j];
                for (int i = 0; i < In; i++) expected += x[r, i] * layer.Weights.Mu[i * Out + j];
                Assert.Equal(expected, y[r, j], 4);
            }
    }

    [Fact]
    public void Teaching_forward_equals_x_times_sampled_w_plus_sampled_b_with_the_same_seed()
    {
        var layer = MakeLayer(GradientEstimator.WeightReparameterization, Prior.Gaussian(1f));
        var x = new Matrix(3, In, TestData.Normal(new Xoshiro256(4), 3 * In));
        var y = layer.Forward(x, new Xoshiro256(77));
        var rng = new Xoshiro256(77);
        var w = layer.Weights.Sample(rng);     // same draw order: ε of W, then ε of b
        var b = layer.Bias.Sample(rng);
        var expected = new float[3 * Out];
        Gemm.Multiply(x.Data, w, expected, 3, In, Out);
        for (int r = 0; r < 3; r++)
            for (int j = 0; j < Out; j++) Assert.Equal(expected[r * Out + j] + b[j], y[r, j], 5);
    }

    [Theory]
    [InlineData(GradientEstimator.WeightReparameterization)]
    [InlineData(GradientEstimator.Flipout)]
    public void Forward_with_given_epsilon_equals_the_rng_forward_that_draws_the_same_epsilon(GradientEstimator estimator)
    {
        // The rng-driven teaching forward draws ε of W, then ε of b; a clone of the generator replays those draws.
        var layer = MakeLayer(estimator, Prior.Gaussian(1f));
        var x = new Matrix(3, In, TestData.Normal(new Xoshiro256(4), 3 * In));
        var rng = new Xoshiro256(77);
        var replay = rng.Clone();
        var y = layer.Forward(x, rng);
        var epsW = new float[In * Out];
        var epsB = new float[Out];
        replay.FillStandardNormal(epsW);
        replay.FillStandardNormal(epsB);
        var given = layer.Forward(x, epsW, epsB);
        Assert.Equal(rng.NextUInt64(), replay.NextUInt64()); // both generators consumed the same number of draws
        Assert.Equal((3, Out), (given.Rows, given.Cols));
        for (int k = 0; k < y.Data.Length; k++)
            Assert.True(Math.Abs(y.Data[k] - given.Data[k]) <= 1e-5f * (1 + Math.Abs(y.Data[k])), $"y[{k}]: rng {y.Data[k]} vs given ε {given.Data[k]}");
        // and the sampled weights of that ε are μ + σ ⊙ ε
        var w = layer.SampleWeights(epsW);
        var sigma = layer.Weights.Sigma();
        for (int k = 0; k < w.Data.Length; k++) Assert.Equal(layer.Weights.Mu[k] + sigma[k] * epsW[k], w.Data[k], 5);
    }

    [Fact]
    public void Forward_with_given_epsilon_of_the_wrong_length_is_rejected_naming_the_parameter()
    {
        var layer = MakeLayer(GradientEstimator.WeightReparameterization, Prior.Gaussian(1f));
        var x = new Matrix(2, In);
        var e = Assert.ThrowsAny<ArgumentException>(() => layer.Forward(x, new float[In * Out - 1], new float[Out]));
        Assert.Equal("epsilonWeights", e.ParamName);
        Assert.Contains((In * Out - 1).ToString(), e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => layer.Forward(x, new float[In * Out], new float[Out + 1]));
        Assert.Equal("epsilonBias", e.ParamName);
        Assert.Contains((Out + 1).ToString(), e.Message);
        Assert.Equal("epsilonWeights", Assert.ThrowsAny<ArgumentException>(() => layer.SampleWeights(new float[1])).ParamName);
    }

    [Theory]
    [InlineData(GradientEstimator.WeightReparameterization)]
    [InlineData(GradientEstimator.LocalReparameterization)]
    [InlineData(GradientEstimator.Flipout)]
    public void Covariance_of_two_rows_pre_activations_is_what_each_estimator_shares(GradientEstimator estimator)
    {
        // Two identical rows x. Weight reparameterization shares W and b: Cov = Σᵢ xᵢ² σᵢⱼ² + σ_bⱼ² (the full variance).
        // Local reparameterization samples each row independently: Cov = 0. Flipout decorrelates the weight noise by
        // independent signs per row but shares one bias sample per minibatch (as TFP's DenseFlipout): Cov = σ_bⱼ².
        // Checked per unit within 4 standard errors of the sample covariance (SE estimated from the draws).
        var layer = MakeLayer(estimator, Prior.Gaussian(1f));
        var x = TestData.Normal(new Xoshiro256(3), In);
        var twoRows = x.Concat(x).ToArray();
        var sigmaW = layer.Weights.Sigma();
        var sigmaB = layer.Bias.Sigma();
        const int draws = 6000;
        var buffers = layer.CreateBuffers(In, 2, training: true);
        var y = new float[2 * Out];
        var first = new double[draws, Out];
        var second = new double[draws, Out];
        var rng = new Xoshiro256(2025);
        for (int d = 0; d < draws; d++)
        {
            layer.Forward(twoRows, y, 2, buffers, ForwardContext.Train(rng, 0f));
            for (int j = 0; j < Out; j++) { first[d, j] = y[j]; second[d, j] = y[Out + j]; }
        }
        for (int j = 0; j < Out; j++)
        {
            double biasVariance = (double)sigmaB[j] * sigmaB[j], weightVariance = 0;
            for (int i = 0; i < In; i++) weightVariance += (double)x[i] * x[i] * sigmaW[i * Out + j] * sigmaW[i * Out + j];
            double expected = estimator switch
            {
                GradientEstimator.WeightReparameterization => weightVariance + biasVariance,
                GradientEstimator.LocalReparameterization => 0,
                _ => biasVariance,
            };
            double meanA = 0, meanB = 0;
            for (int d = 0; d < draws; d++) { meanA += first[d, j]; meanB += second[d, j]; }
            meanA /= draws; meanB /= draws;
            double sum = 0, sumSq = 0;
            for (int d = 0; d < draws; d++)
            {
                double p = (first[d, j] - meanA) * (second[d, j] - meanB);
                sum += p; sumSq += p * p;
            }
            double covariance = sum / (draws - 1);
            double se = Math.Sqrt((sumSq / draws - Math.Pow(sum / draws, 2)) / draws);
            // the experiment must separate σ_b² from 0 and from the full variance, or the Flipout claim could not fail
            if (estimator == GradientEstimator.Flipout)
                Assert.True(Math.Min(biasVariance, weightVariance) > 8 * se, $"unit {j}: σ_b² = {biasVariance}, Σ x²σ² = {weightVariance} not resolvable with SE {se}");
            Assert.True(Math.Abs(covariance - expected) <= 4 * se, $"{estimator} unit {j}: covariance {covariance} vs {expected} (SE {se})");
        }
    }

    [Fact]
    public void A_workspace_for_a_larger_batch_gives_the_same_result_on_a_partial_batch()
    {
        var layer = MakeLayer(GradientEstimator.Flipout, Prior.Gaussian(1f));
        var x = TestData.Normal(new Xoshiro256(4), 3 * In);
        var c = TestData.Normal(new Xoshiro256(6), 3 * Out);
        float[][] Run(int maxRows)
        {
            var buffers = layer.CreateBuffers(In, maxRows, true);
            var y = new float[3 * Out];
            layer.Forward(x, y, 3, buffers, ForwardContext.Train(new Xoshiro256(9), 1f));
            var dx = new float[3 * In];
            layer.Backward(x, y, c, dx, 3, buffers);
            return [y, dx, .. buffers.Gradients];
        }
        var exact = Run(3);
        var larger = Run(16);
        for (int k = 0; k < exact.Length; k++) Assert.Equal(exact[k], larger[k]);
    }

    [Fact]
    public void Closed_form_divergence_with_a_scale_mixture_prior_is_rejected()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new BayesianDense(2, 2, Prior.ScaleMixture(0.5f, 1f, 0.01f), new Xoshiro256(1), divergence: KlDivergence.ClosedForm));
        Assert.Equal("prior", e.ParamName);
    }

    [Fact]
    public void A_wrong_input_width_is_rejected_naming_the_width()
    {
        var layer = MakeLayer(GradientEstimator.WeightReparameterization, Prior.Gaussian(1f));
        var e = Assert.ThrowsAny<ArgumentException>(() => layer.ForwardMean(new Matrix(2, In + 1)));
        Assert.Contains((In + 1).ToString(), e.Message);
    }

    [Fact]
    public void Non_positive_sizes_are_rejected_naming_the_parameter()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new BayesianDense(0, 3, Prior.Gaussian(1f), new Xoshiro256(1)));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("0", e.Message);
    }
}
