using BnnCourse.Data;
using BnnCourse;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Inference;

public class MnistPipelineTests
{
    static double MeanWeightsAccuracy(Network net, Likelihood likelihood, ClassificationDataset test) =>
        Metrics.Accuracy(Predictive.Classification(net, likelihood, test.X).Probabilities, test.Labels);

    [Fact]
    public void Pruning_the_lowest_snr_weights_keeps_mnist_accuracy_where_random_pruning_destroys_it()
    {
        // Blundell et al. (2015) §5.1 in miniature: 784-50-10 trained for 4 epochs on 2000 digits, scored on 1000 others.
        var rng = new Xoshiro256(1998);
        var mnist = CourseData.Mnist10k();
        var train = mnist.Subset(Enumerable.Range(0, 2000).ToArray());
        var test = mnist.Subset(Enumerable.Range(9000, 1000).ToArray());
        var targets = new Matrix(train.Count, 1, train.Labels.Select(l => (float)l).ToArray());
        var net = Network.BayesianMlp([784, 50, 10], Prior.Gaussian(1f), rng);
        var likelihood = Likelihood.Categorical(10);
        var freeEnergy = new FreeEnergy(net, likelihood);
        new Trainer(freeEnergy, new Adam(freeEnergy.Parameters, learningRate: 1e-3f), batchSize: 100).Fit(train.X, targets, epochs: 4, rng);

        var p = Predictive.Classification(net, likelihood, test.X, 20, rng);
        Assert.True(Metrics.Accuracy(p.Probabilities, test.Labels) > 0.7); // chance is 0.1; about 0.83 here
        var calibration = Metrics.Calibration(p.Probabilities.Data, 10, test.Labels);
        Assert.Equal(test.Count, calibration.Bins.Sum(b => b.Count));
        for (int i = 0; i < test.Count; i++) Assert.InRange(p.MutualInformation[i], 0, p.PredictiveEntropy[i] + 1e-9);

        double full = MeanWeightsAccuracy(net, likelihood, test);
        var trained = net.CopyParameters();
        var result = net.Prune(0.75);
        Assert.Equal(0.75, result.Fraction, 1e-4);
        double bySnr = MeanWeightsAccuracy(net, likelihood, test);
        net.SetParameters(trained);
        Assert.Equal(full, MeanWeightsAccuracy(net, likelihood, test));
        var random = new Xoshiro256(5);
        foreach (var layer in net.BayesianLayers)
            for (int i = 0; i < layer.Weights.Count; i++)
                if (random.NextDouble() < 0.75) layer.Weights.Mu[i] = 0;
        double byChance = MeanWeightsAccuracy(net, likelihood, test);
        // Paired on the same 1000 digits, a 4-point drop is several standard errors of a difference in accuracy.
        Assert.True(bySnr >= full - 0.04, $"SNR pruning: {bySnr:F3} vs {full:F3} unpruned");
        Assert.True(byChance <= full - 0.2, $"random pruning: {byChance:F3} vs {full:F3} unpruned");
    }
}
