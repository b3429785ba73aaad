using BnnCourse;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Training;

public class EndToEndTests
{
    [Fact]
    public void A_bayesian_classifier_separates_three_gaussian_blobs()
    {
        // Three blobs with unit spread, centres 2.5 from the origin (4.33 apart): each pairwise boundary lies 2.17
        // standard deviations from a centre, so the Bayes error is about 2·Φ(−2.17) ≈ 3 %. A fitted classifier's
        // mean-weights accuracy on 300 fresh points must reach 90 % (about 6 standard errors below the optimum).
        var rng = new Xoshiro256(31);
        (Matrix X, Matrix Y) Blobs(int n)
        {
            var x = new Matrix(n, 2);
            var y = new Matrix(n, 1);
            var noise = new float[2 * n];
            rng.FillStandardNormal(noise);
            for (int i = 0; i < n; i++)
            {
                int c = i % 3;
                double angle = 2 * Math.PI * c / 3;
                x[i, 0] = (float)(2.5 * Math.Cos(angle)) + noise[2 * i];
                x[i, 1] = (float)(2.5 * Math.Sin(angle)) + noise[2 * i + 1];
                y[i, 0] = c;
            }
            return (x, y);
        }
        var (train, labels) = Blobs(300);
        var net = Network.BayesianMlp([2, 16, 3], Prior.Gaussian(1f), rng, GradientEstimator.Flipout, initialMuRange: 0.5f);
        var likelihood = new CategoricalLikelihood(3);
        var freeEnergy = new FreeEnergy(net, likelihood);
        new Trainer(freeEnergy, new Adam(freeEnergy.Parameters, learningRate: 2e-2f), batchSize: 50).Fit(train, labels, 40, rng);

        var (test, truth) = Blobs(300);
        var logits = net.Predict(test);
        var p = new float[logits.Data.Length];
        likelihood.Softmax(logits.Data, test.Rows, p);
        int correct = 0;
        for (int i = 0; i < test.Rows; i++)
        {
            int best = 0;
            for (int k = 1; k < 3; k++) if (p[i * 3 + k] > p[i * 3 + best]) best = k;
            if (best == (int)truth[i, 0]) correct++;
        }
        Assert.True(correct >= 0.9 * test.Rows, $"accuracy {correct}/{test.Rows}");
    }

    [Fact]
    public void A_heteroscedastic_head_learns_that_noise_grows_with_x()
    {
        // y = x + ε with ε ~ N(0, (0.05 + 0.5x)²), x ∈ [0, 1]: the learned σ(x) must rise from about 0.05 to about 0.55.
        var rng = new Xoshiro256(8);
        const int n = 400;
        var x = new Matrix(n, 1);
        var y = new Matrix(n, 1);
        var eps = new float[n];
        rng.FillStandardNormal(eps);
        for (int i = 0; i < n; i++)
        {
            float xi = (float)rng.NextDouble();
            x[i, 0] = xi;
            y[i, 0] = xi + (0.05f + 0.5f * xi) * eps[i];
        }
        var net = Network.BayesianMlp([1, 16, 2], Prior.Gaussian(1f), rng, activation: Activation.Tanh, initialMuRange: 0.5f);
        var freeEnergy = new FreeEnergy(net, Likelihood.Heteroscedastic());
        new Trainer(freeEnergy, new Adam(freeEnergy.Parameters, learningRate: 1e-2f), batchSize: 50).Fit(x, y, 150, rng);

        var grid = Matrix.Column([0.05f, 0.95f]);
        var outputs = net.Predict(grid);
        var mean = new float[2];
        var sigma = new float[2];
        HeteroscedasticGaussianLikelihood.MeanAndSigma(outputs.Data, 2, mean, sigma);
        // true σ: 0.075 at x = 0.05 and 0.525 at x = 0.95; the fit must get the ordering and the rough sizes
        Assert.True(sigma[0] < 0.2f, $"σ(0.05) = {sigma[0]}");
        Assert.True(sigma[1] > 0.3f && sigma[1] < 0.8f, $"σ(0.95) = {sigma[1]}");
        Assert.True(Math.Abs(mean[1] - 0.95f) < 0.2f, $"mean(0.95) = {mean[1]}");
    }
}
