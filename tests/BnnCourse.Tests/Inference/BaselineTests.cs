using BnnCourse.Data;
using BnnCourse.Numerics;
using BnnCourse.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace BnnCourse.Tests.Inference;

/// <summary>The rivals of Bayes by Backprop: MC dropout, the deep ensemble and the last-layer Laplace approximation.</summary>
public class BaselineTests
{
    // ---------- MC dropout ----------

    [Fact]
    public void Dropout_keeps_each_unit_with_probability_one_minus_p_and_scales_it_so_the_mean_is_unchanged()
    {
        const float p = 0.3f;
        const int rows = 200, width = 500, n = rows * width;
        var net = new Network(new Dense(width, width, new Xoshiro256(1)), new Dropout(p));
        var dense = (Dense)net.Layers[0];
        Array.Clear(dense.Weights);
        for (int i = 0; i < width; i++) dense.Weights[i * width + i] = 1f;   // identity: the dropout layer sees x = 2
        var x = Enumerable.Repeat(2f, n).ToArray();
        var y = net.Forward(net.CreateWorkspace(rows), x, rows, new Xoshiro256(9), 0f).Output.ToArray();
        int kept = y.Count(v => v != 0);
        double se = Math.Sqrt(n * p * (1 - p));
        Assert.True(Math.Abs(kept - n * (1 - p)) < 4 * se, $"kept {kept} of {n}, expected {n * (1 - p):F0} ± {4 * se:F0}");
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(2f / (1 - p), v, 5));
        double mean = y.Average(v => (double)v), seMean = 2 / (1 - p) * Math.Sqrt(p * (1 - p) / n);
        Assert.True(Math.Abs(mean - 2) < 4 * seMean, $"E[y] = {mean:F4}, expected 2 ± {4 * seMean:F4}");
    }

    [Fact]
    public void Dropout_gradients_match_central_differences_with_the_mask_fixed_by_the_seed()
    {
        const int rows = 6;
        var rng = new Xoshiro256(4);
        var net = new Network(new Dense(3, 8, rng), Activation.Tanh, new Dropout(0.4f), new Dense(8, 2, rng));
        var x = TestData.Normal(rng, rows * 3);
        var c = TestData.Normal(rng, rows * 2);
        var ws = net.CreateWorkspace(rows);
        double Loss() => TestData.Dot(c, net.Forward(ws, x, rows, new Xoshiro256(77), 0f).Output);
        Loss();
        c.CopyTo(ws.OutputGradient);
        net.Backward(ws);
        var grads = ws.Gradients.Select(g => (float[])g.Clone()).ToArray();
        for (int k = 0; k < grads.Length; k++)
            GradientCheck.Assert(net.Parameters[k].ToString(), net.Parameters[k].Value, grads[k], Loss, GradientCheck.Spread(grads[k].Length, 8), h: 3e-3);
    }

    [Fact]
    public void Mc_dropout_prediction_is_one_coherent_function_per_sample_independent_of_batch_size_and_seeded()
    {
        var rng = new Xoshiro256(5);
        var net = Network.Mlp([2, 64, 1], rng, dropoutRate: 0.5f);
        var one = Matrix.FromArray(new float[,] { { 0.3f, -0.7f } });
        var same = new Matrix(7, 2, Enumerable.Range(0, 7).SelectMany(_ => new[] { 0.3f, -0.7f }).ToArray());
        var a = Predictive.SampleOutputs(net, same, samples: 20, new Xoshiro256(3), batchSize: 512);
        var b = Predictive.SampleOutputs(net, same, samples: 20, new Xoshiro256(3), batchSize: 2);
        Assert.Equal(a, b);
        for (int s = 0; s < 20; s++)
            for (int i = 1; i < 7; i++) Assert.Equal(a[s * 7], a[s * 7 + i]);   // every row of a sample sees the same mask
        Assert.True(a.Where((_, k) => k % 7 == 0).Distinct().Count() > 10, "masks should differ between samples");
        // Without a generator dropout is off: the deterministic network.
        var mean = Predictive.SampleOutputs(net, one, 1, null);
        Assert.Equal(net.Predict(one).Data, mean);
        Assert.Equal(Predictive.Regression(net, Likelihood.Gaussian(1f), one, 30, new Xoshiro256(8)).Mean,
                     Predictive.Regression(net, Likelihood.Gaussian(1f), one, 30, new Xoshiro256(8)).Mean);
    }

    [Fact]
    public void Dropout_refuses_a_rate_outside_zero_to_one_naming_it()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1f));
        Assert.Equal("rate", e.ParamName);
        Assert.Contains("rate must lie in [0, 1), got 1.", e.Message);
        var f = Assert.Throws<ArgumentOutOfRangeException>(() => Network.Mlp([2, 3, 1], new Xoshiro256(1), dropoutRate: -0.1f));
        Assert.Equal("dropoutRate", f.ParamName);
        Assert.Contains("got -0.1.", f.Message);
    }

    // ---------- deep ensemble ----------

    [Fact]
    public void Ensemble_regression_is_the_equal_mixture_of_its_members_by_the_law_of_total_variance()
    {
        var x = Matrix.FromArray(new float[,] { { 0.5f }, { -1f }, { 2f } });
        var members = new[] { (Network.Mlp([1, 8, 1], new Xoshiro256(1)), (Likelihood)Likelihood.Gaussian(0.5f)),
                              (Network.Mlp([1, 8, 1], new Xoshiro256(2)), Likelihood.Gaussian(1.5f)),
                              (Network.Mlp([1, 8, 1], new Xoshiro256(3)), Likelihood.Gaussian(1.0f)) };
        var p = Predictive.Regression(members, x);
        Assert.Equal(3, p.Samples);
        var m = members.Select(t => t.Item1.Predict(x).Data).ToArray();
        double[] s2 = [0.25, 2.25, 1.0];
        for (int i = 0; i < 3; i++)
        {
            double mean = m.Average(v => (double)v[i]);
            double epistemic = m.Average(v => (v[i] - mean) * (v[i] - mean));
            Assert.Equal(mean, p.Mean[i], 5);
            Assert.Equal(epistemic, p.EpistemicVariance[i], 5);
            Assert.Equal(s2.Average(), p.AleatoricVariance[i], 5);
        }
        Assert.NotEqual(m[0][0], m[1][0]);   // members from different seeds differ
        var again = Predictive.Regression(members, x);
        Assert.Equal(p.Mean, again.Mean);
    }

    [Fact]
    public void Ensemble_classification_averages_the_members_softmaxes_and_refuses_mismatched_members()
    {
        var x = Matrix.FromArray(new float[,] { { 0.5f, 1f }, { -1f, 0f } });
        var like = new CategoricalLikelihood(3);
        var members = new (Network, Likelihood)[] { (Network.Mlp([2, 5, 3], new Xoshiro256(1)), like), (Network.Mlp([2, 5, 3], new Xoshiro256(2)), like) };
        var p = Predictive.Classification(members, x);
        var single = members.Select(t => Predictive.Classification(t.Item1, t.Item2, x).Probabilities.Data).ToArray();
        for (int k = 0; k < 6; k++) Assert.Equal((single[0][k] + single[1][k]) / 2, p.Probabilities.Data[k], 5);
        Assert.All(p.MutualInformation, v => Assert.True(v > 0));
        var wrong = new (Network, Likelihood)[] { members[0], (Network.Mlp([3, 5, 3], new Xoshiro256(2)), like) };
        var e = Assert.Throws<ArgumentException>(() => Predictive.Classification(wrong, x));
        Assert.Contains("members[1]", e.Message);
        Assert.Throws<ArgumentException>(() => Predictive.Classification(Array.Empty<(Network, Likelihood)>(), x));
    }

    // ---------- last-layer Laplace ----------

    static (Network Net, Matrix X) TinyRegression(int n, Xoshiro256 rng)
    {
        var net = Network.Mlp([2, 5, 1], rng);
        var x = new Matrix(n, 2, TestData.Normal(rng, 2 * n));
        return (net, x);
    }

    /// <summary>φ̃ = (relu(x·W₁ + b₁), 1), computed here without the library's forward pass.</summary>
    static Matrix<double> Features(Network net, Matrix x)
    {
        var first = (Dense)net.Layers[0];
        int h = first.OutputSize;
        var f = Matrix<double>.Build.Dense(x.Rows, h + 1);
        for (int r = 0; r < x.Rows; r++)
        {
            for (int j = 0; j < h; j++)
            {
                double z = first.Bias[j];
                for (int i = 0; i < x.Cols; i++) z += x[r, i] * first.Weights[i * h + j];
                f[r, j] = Math.Max(0, z);
            }
            f[r, h] = 1;
        }
        return f;
    }

    [Fact]
    public void Laplace_regression_posterior_is_bayesian_linear_regression_on_the_features()
    {
        var rng = new Xoshiro256(12);
        var (net, x) = TinyRegression(40, rng);
        const float sigma = 0.3f;
        const double tau = 2.5;
        var laplace = LastLayerLaplace.Fit(net, Likelihood.Gaussian(sigma), x, priorPrecision: tau);
        var phi = Features(net, x);
        var precision = phi.TransposeThisAndMultiply(phi) / (sigma * sigma) + Matrix<double>.Build.DenseIdentity(6) * tau;
        var covariance = precision.Inverse();
        Assert.Equal(6, laplace.ParameterCount);
        for (int h = 0; h < 6; h++)
            Assert.Equal(covariance[h, h], laplace.PosteriorVariance(h, 0), 1e-6 * covariance[h, h]);   // features in float vs double
        // The Kronecker eigen form of the marginal likelihood equals the direct log-determinant.
        var last = (Dense)net.Layers[^1];
        double norm = last.Weights.Sum(w => (double)w * w) + last.Bias.Sum(b => (double)b * b);
        double direct = 3 * Math.Log(tau) - 0.5 * tau * norm - 0.5 * precision.Cholesky().DeterminantLn;
        Assert.Equal(direct, laplace.LogMarginalLikelihood(tau), 1e-6 * Math.Abs(direct));
    }

    [Fact]
    public void Laplace_samples_have_the_posterior_predictive_variance_within_four_standard_errors()
    {
        var rng = new Xoshiro256(13);
        var (net, x) = TinyRegression(30, rng);
        var laplace = LastLayerLaplace.Fit(net, Likelihood.Gaussian(0.2f), x, priorPrecision: 1.0);
        var test = Matrix.FromArray(new float[,] { { 0.4f, -0.3f }, { 3f, 2f } });
        var phi = Features(net, test);
        var precision = Features(net, x).TransposeThisAndMultiply(Features(net, x)) / 0.04 + Matrix<double>.Build.DenseIdentity(6);
        var covariance = precision.Inverse();
        const int S = 4000;
        var prediction = Predictive.Regression(laplace, test, S, new Xoshiro256(1));
        var map = net.Predict(test).Data;
        for (int i = 0; i < 2; i++)
        {
            var row = phi.Row(i);
            double expected = row * covariance * row;
            double seVar = expected * Math.Sqrt(2.0 / S), seMean = Math.Sqrt(expected / S);
            Assert.True(Math.Abs(prediction.EpistemicVariance[i] - expected) < 4 * seVar, $"point {i}: variance {prediction.EpistemicVariance[i]:G4} vs {expected:G4}");
            Assert.True(Math.Abs(prediction.Mean[i] - map[i]) < 4 * seMean, $"point {i}: mean {prediction.Mean[i]:G4} vs MAP {map[i]:G4}");
            Assert.Equal(0.04, prediction.AleatoricVariance[i], 6);
        }
        Assert.Equal(prediction.Mean, Predictive.Regression(laplace, test, S, new Xoshiro256(1)).Mean);
    }

    [Fact]
    public void Laplace_classification_hessian_matches_finite_differences_of_the_gradient_for_one_point()
    {
        // With one data point the Kronecker form is exact: A ⊗ G = φ̃φ̃ᵀ ⊗ (diag p − ppᵀ) is the Hessian of −log p(y | x, Θ).
        var rng = new Xoshiro256(14);
        var net = Network.Mlp([3, 4, 3], rng);
        foreach (var d in net.Layers.OfType<Dense>()) TestData.Normal(rng, d.Bias.Length, 0.5f).CopyTo(d.Bias, 0);
        var x = new Matrix(1, 3, [0.7f, -0.4f, 1.1f]);
        int[] label = [2];
        var like = new CategoricalLikelihood(3);
        const double tau = 0.7;
        var laplace = LastLayerLaplace.Fit(net, like, x, priorPrecision: tau);
        var last = (Dense)net.Layers[^1];
        int p = 15;
        float[] Gradient()
        {
            var ws = net.CreateWorkspace(1);
            var pass = net.ForwardMean(ws, x.Data, 1, 0f);
            var logits = pass.Output.ToArray();
            var prob = new float[3];
            like.Softmax(logits, 1, prob);
            for (int k = 0; k < 3; k++) ws.OutputGradient[k] = prob[k] - (k == label[0] ? 1 : 0);
            net.Backward(ws);
            return [.. ws.Gradients[2], .. ws.Gradients[3]];   // W (4 × 3) then b (3): the order of Θ's rows
        }
        float[] Get() => [.. last.Weights, .. last.Bias];
        void Set(float[] v) { v.AsSpan(0, 12).CopyTo(last.Weights); v.AsSpan(12).CopyTo(last.Bias); }
        var theta = Get();
        var hessian = Matrix<double>.Build.Dense(p, p);
        const float h = 1e-2f;
        for (int j = 0; j < p; j++)
        {
            var plus = (float[])theta.Clone(); plus[j] += h; Set(plus); var gp = Gradient();
            var minus = (float[])theta.Clone(); minus[j] -= h; Set(minus); var gm = Gradient();
            for (int i = 0; i < p; i++) hessian[i, j] = (gp[i] - gm[i]) / (2.0 * h);
        }
        Set(theta);
        var covariance = (0.5 * (hessian + hessian.Transpose()) + Matrix<double>.Build.DenseIdentity(p) * tau).Inverse();
        for (int i = 0; i < p; i++)
        {
            int row = i < 12 ? i / 3 : 4, k = i < 12 ? i % 3 : i - 12;
            Assert.Equal(covariance[i, i], laplace.PosteriorVariance(row, k), 3e-3 * covariance[i, i]);
        }
    }

    [Fact]
    public void Laplace_chooses_the_prior_precision_that_maximises_its_marginal_likelihood_and_grows_uncertainty_off_the_data()
    {
        var rng = new Xoshiro256(15);
        var data = Toy.Heteroscedastic(200, rng);
        var net = Network.Mlp([1, 32, 32, 1], rng);
        var like = Likelihood.Gaussian(0.1f);
        var objective = new FreeEnergy(net, like);
        new Trainer(objective, new Adam(objective.Parameters, 1e-2f), batchSize: 32).Fit(data.X, data.Y, epochs: 60, rng);
        var laplace = LastLayerLaplace.Fit(net, like, data.X);
        double tau = laplace.PriorPrecision;
        Assert.True(laplace.LogMarginalLikelihood(tau) >= laplace.LogMarginalLikelihood(tau * 1.2));
        Assert.True(laplace.LogMarginalLikelihood(tau) >= laplace.LogMarginalLikelihood(tau / 1.2));
        double lo = data.X.Data.Min(), hi = data.X.Data.Max();
        var inside = Matrix.Column([(float)(0.5 * (lo + hi))]);
        var outside = Matrix.Column([(float)(hi + 3 * (hi - lo))]);
        double vIn = Predictive.Regression(laplace, inside, 2000, new Xoshiro256(2)).EpistemicVariance[0];
        double vOut = Predictive.Regression(laplace, outside, 2000, new Xoshiro256(2)).EpistemicVariance[0];
        Assert.True(vOut > 10 * vIn, $"epistemic variance {vOut:G3} far off the data vs {vIn:G3} inside it");
    }

    [Fact]
    public void Laplace_refuses_a_network_without_a_dense_last_layer_and_a_bad_prior_precision()
    {
        var bayes = Network.BayesianMlp([2, 3, 1], Prior.Gaussian(1f), new Xoshiro256(1));
        var x = new Matrix(4, 2);
        Assert.Contains("must be Dense", Assert.Throws<ArgumentException>(() => LastLayerLaplace.Fit(bayes, Likelihood.Gaussian(1f), x)).Message);
        var plain = Network.Mlp([2, 3, 1], new Xoshiro256(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LastLayerLaplace.Fit(plain, Likelihood.Gaussian(1f), x, priorPrecision: -1));
        Assert.Equal("priorPrecision", e.ParamName);
        var laplace = LastLayerLaplace.Fit(plain, Likelihood.Gaussian(1f), x, priorPrecision: 1);
        Assert.Throws<ArgumentException>(() => Predictive.Classification(laplace, x, 2, new Xoshiro256(1)));
    }
}
