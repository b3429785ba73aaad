using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Inference;

public class UciProtocolTests
{
    /// <summary>The training-mean predictor with the training standard deviation as its noise: scores computable by hand.</summary>
    static Func<Matrix, RegressionPrediction> MeanModel(RegressionDataset standardisedTrain, Xoshiro256 _) =>
        x => new RegressionPrediction(new float[x.Rows], Enumerable.Repeat(1f, x.Rows).ToArray(), 1, 1);

    [Fact]
    public void The_protocol_standardises_on_the_training_part_and_scores_in_original_units()
    {
        var data = CourseData.Diabetes();
        var scores = UciProtocol.Run(data, MeanModel, new Xoshiro256(7), splits: 5);
        // The same splits by hand: the generator draws a split, then one Split() per model fit.
        var rng = new Xoshiro256(7);
        for (int s = 0; s < 5; s++)
        {
            var (train, test) = data.Split(TrainTestSplit.Random(data.Count, 0.1, rng));
            rng.Split();
            var ys = Standardizer.Fit(train.Y);
            double m = ys.Mean[0], sd = ys.Scale[0];
            double rmse = Math.Sqrt(test.Y.Data.Average(y => (y - m) * (y - m)));
            double ll = test.Y.Data.Average(y => -0.5 * Math.Log(2 * Math.PI * sd * sd) - (y - m) * (y - m) / (2 * sd * sd));
            Assert.Equal(rmse, scores.Rmse[s], 3);
            Assert.Equal(ll, scores.TestLogLikelihood[s], 4);
        }
        double mean = scores.Rmse.Average();
        double se = Math.Sqrt(scores.Rmse.Sum(v => (v - mean) * (v - mean)) / 4 / 5);
        Assert.Equal(se, scores.RmseStandardError, 12);
        Assert.Equal(scores.Rmse, UciProtocol.Run(data, MeanModel, new Xoshiro256(7), splits: 5).Rmse);
        Assert.Contains("(5 splits)", scores.ToString());
    }

    [Fact]
    public void The_protocol_refuses_one_split_and_a_predictor_of_the_wrong_size()
    {
        var data = CourseData.Diabetes();
        Assert.Equal("splits", Assert.Throws<ArgumentOutOfRangeException>(() => UciProtocol.Run(data, MeanModel, new Xoshiro256(1), splits: 1)).ParamName);
        var e = Assert.Throws<ArgumentException>(() => UciProtocol.Run(data,
            (_, _) => x => new RegressionPrediction(new float[x.Rows + 1], new float[x.Rows + 1], 1, 1), new Xoshiro256(1), splits: 2));
        Assert.Contains("Split 0", e.Message);
    }
}
