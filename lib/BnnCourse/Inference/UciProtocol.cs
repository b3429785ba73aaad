using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// The UCI regression benchmark protocol of Hernández-Lobato and Adams (2015), used by most papers since: repeated random
/// train/test splits (90/10 by default), inputs and targets standardised on the training part only, and per split the test
/// RMSE and the test log-likelihood per point, both in the original units of the target; reported as mean ± standard error
/// over the splits. <see cref="Run"/> runs it; the record holds its scores.
/// </summary>
/// <remarks>
/// A model is a function from a standardised training set and a generator to a predictor of standardised test inputs
/// (e.g. train a network, then <c>x =&gt; Predictive.Regression(net, likelihood, x, 100, rng)</c>). Every split draws its
/// own generator from <c>random</c> (<see cref="Xoshiro256.Split"/>), so the same seed gives the same splits and the same
/// scores, and two models run with equal seeds see the same splits. Not thread-safe (it advances the caller's generator).
/// </remarks>
/// <param name="Rmse">Test RMSE of each split.</param>
/// <param name="TestLogLikelihood">Mean test log-likelihood per point of each split (higher is better).</param>
public sealed record UciProtocol(double[] Rmse, double[] TestLogLikelihood)
{
    /// <summary>Runs the protocol for <paramref name="splits"/> random splits holding out <paramref name="testFraction"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">splits &lt; 2 (no standard error) or testFraction outside (0, 1).</exception>
    /// <exception cref="ArgumentException">The data has more than one target column, or a predictor returns the wrong number of points.</exception>
    public static UciProtocol Run(RegressionDataset data, Func<RegressionDataset, Xoshiro256, Func<Matrix, RegressionPrediction>> fit,
        Xoshiro256 random, int splits = 20, double testFraction = 0.1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(random);
        if (splits < 2) throw new ArgumentOutOfRangeException(nameof(splits), splits, $"The protocol needs at least 2 splits for a standard error, got splits = {splits}.");
        if (data.Y.Cols != 1) throw new ArgumentException($"The protocol scores one target column; the data has {data.Y.Cols}.", nameof(data));
        var rmse = new double[splits];
        var ll = new double[splits];
        for (int s = 0; s < splits; s++)
        {
            var (train, test) = data.Split(TrainTestSplit.Random(data.Count, testFraction, random));
            var xs = Standardizer.Fit(train.X);
            var ys = Standardizer.Fit(train.Y);
            var predictor = fit(train.Standardize(xs, ys), random.Split());
            var prediction = predictor(xs.Apply(test.X)).Invert(ys);
            if (prediction.Count != test.Count)
                throw new ArgumentException($"Split {s}: the predictor returned {prediction.Count} points for {test.Count} test inputs.", nameof(fit));
            rmse[s] = Metrics.Rmse(prediction.MeanAsFloat(), test.Y.Data);
            ll[s] = prediction.TestLogLikelihood(test.Y.Data);
        }
        return new UciProtocol(rmse, ll);
    }

    /// <summary>Mean RMSE over the splits.</summary>
    public double MeanRmse => Rmse.Average();

    /// <summary>Standard error of the mean RMSE, s/√n with the n − 1 sample standard deviation s.</summary>
    public double RmseStandardError => StandardError(Rmse);

    /// <summary>Mean test log-likelihood over the splits.</summary>
    public double MeanTestLogLikelihood => TestLogLikelihood.Average();

    /// <summary>Standard error of the mean test log-likelihood.</summary>
    public double TestLogLikelihoodStandardError => StandardError(TestLogLikelihood);

    static double StandardError(double[] v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1) / v.Length);
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant(
        $"RMSE {MeanRmse:F3} ± {RmseStandardError:F3}, test LL {MeanTestLogLikelihood:F3} ± {TestLogLikelihoodStandardError:F3} ({Rmse.Length} splits)");
}
