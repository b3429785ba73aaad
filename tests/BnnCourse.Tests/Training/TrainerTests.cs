using BnnCourse.Distributions;
using BnnCourse.Layers;
using BnnCourse.Likelihoods;
using BnnCourse.Models;
using BnnCourse.Numerics;
using BnnCourse.Objectives;
using BnnCourse.Optimization;
using BnnCourse.Randomness;
using BnnCourse.Training;
using BnnCourse.Tests.Support;

namespace BnnCourse.Tests.Training;

public class TrainerTests
{
    /// <summary>Blundell's toy curve y = x + 0.3 sin(2π(x+ε)) + 0.3 sin(4π(x+ε)) + ε, ε ~ N(0, 0.02²), x ~ U(0, 0.5).</summary>
    static (Matrix X, Matrix Y) BlundellCurve(int n, Xoshiro256 rng)
    {
        var x = new Matrix(n, 1);
        var y = new Matrix(n, 1);
        for (int i = 0; i < n; i++)
        {
            double xi = 0.5 * rng.NextDouble();
            var eps = new float[1];
            rng.FillStandardNormal(eps);
            double e = 0.02 * eps[0];
            x[i, 0] = (float)xi;
            y[i, 0] = (float)(xi + 0.3 * Math.Sin(2 * Math.PI * (xi + e)) + 0.3 * Math.Sin(4 * Math.PI * (xi + e)) + e);
        }
        return (x, y);
    }

    static double Curve(double x) => x + 0.3 * Math.Sin(2 * Math.PI * x) + 0.3 * Math.Sin(4 * Math.PI * x);

    [Fact]
    public void A_small_bbb_network_fits_blundells_curve()
    {
        var rng = new Xoshiro256(2015);
        var (x, y) = BlundellCurve(256, rng);
        var net = Network.BayesianMlp([1, 32, 32, 1], new GaussianPrior(1f), rng, initialMuRange: 0.5f, initialRho: -6f);
        var objective = new FreeEnergy(net, GaussianLikelihood.FixedNoise(0.05f), KlWeighting.PerMinibatch);
        var trainer = new Trainer(objective, new Adam(objective.Parameters, 1e-2f), batchSize: 32);
        trainer.Fit(x, y, epochs: 300, rng);

        // Fit criterion: the mean of 20 sampled predictions tracks the noiseless curve on a grid over [0, 0.5]:
        // RMSE well below the curve's own spread (its standard deviation over the interval is about 0.16).
        const int grid = 101;
        var xs = new Matrix(grid, 1);
        for (int i = 0; i < grid; i++) xs[i, 0] = 0.5f * i / (grid - 1);
        var mean = new double[grid];
        for (int s = 0; s < 20; s++)
        {
            var p = net.Predict(xs, rng);
            for (int i = 0; i < grid; i++) mean[i] += p[i, 0] / 20.0;
        }
        double sq = 0;
        for (int i = 0; i < grid; i++) sq += Math.Pow(mean[i] - Curve(xs[i, 0]), 2);
        double rmse = Math.Sqrt(sq / grid);
        Assert.True(rmse < 0.04, $"predictive-mean RMSE against the noiseless curve = {rmse:F4}");
    }
}
