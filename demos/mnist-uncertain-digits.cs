// Lecture demo without a notebook host: a Bayesian MLP on MNIST digits, and the digits it is unsure about.
//   dotnet run demos/mnist-uncertain-digits.cs [output.html]
// Trains a Bayes-by-Backprop MLP (784-200-10, scale mixture prior, local reparameterization) on 8,000 of the 10,000
// digits shipped in data/ (seeded split), then predicts the other 2,000 by averaging S = 20 sampled networks. Writes an
// offline HTML page (plotly.js inlined) with the most uncertain test digits, the predictive entropy on test digits
// against inputs unlike any training digit, and a reliability diagram, and prints its path last.
// Notebook 08 walks through the same steps with the derivations.
#:project ../lib/BnnCourse/BnnCourse.csproj
#:project ../lib/BnnCourse.Plotting/BnnCourse.Plotting.csproj
#:property PublishAot=false
// (file-based apps default to native AOT, whose analyzers would fail the build under warnings-as-errors; see demos/README.md)

using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using BnnCourse.Data;
using BnnCourse;
using BnnCourse.Numerics;
using BnnCourse.Plotting;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // the printed numbers are read by the demo tests
var clock = Stopwatch.StartNew();
var rng = new Xoshiro256(seed: 2015);

// Data: the shipped 10,000 digits (pixels in [0, 1]), split 80/20 by a seeded permutation.
var digits = DataOrExit(() => CourseData.Mnist10k(RepositoryRoot()));
var (train, test) = digits.Split(TrainTestSplit.Random(digits.Count, testFraction: 0.2, rng));
const int classes = 10;

// Model: q(w | θ) over all weights, the scale mixture prior of Blundell et al. (2015, eq. 7), softmax likelihood.
const int hidden = 200, epochs = 3, batchSize = 100;
var likelihood = Likelihood.Categorical(classes);
var network = Network.BayesianMlp([784, hidden, classes], Prior.ScaleMixture(pi: 0.5f, sigma1: 1f, sigma2: MathF.Exp(-6f)), rng,
    estimator: GradientEstimator.LocalReparameterization, initialRho: -4f);
var trainer = new Trainer(new FreeEnergy(network, likelihood, KlWeighting.PerMinibatch), Optimizer.Adam(network.Parameters, learningRate: 3e-3f), batchSize);
var lastEpoch = trainer.Fit(train.X, train.Labels, epochs, rng)[^1];
double trainSeconds = clock.Elapsed.TotalSeconds;

// Monte Carlo predictive p̄(k | x) = (1/S) Σ_s softmax(f(x; w⁽ˢ⁾))_k with w⁽ˢ⁾ ~ q.
const int samples = 20;
var prediction = Predictive.Classification(network, likelihood, test.X, samples, rng);
double accuracy = Metrics.Accuracy(prediction.Probabilities, test.Labels);
var predicted = prediction.PredictedLabels();
var confidence = prediction.Confidence();
var calibration = Metrics.Calibration(prediction.Probabilities.Data, classes, test.Labels, bins: 10);

// Inputs unlike any training digit: uniform noise, and test digits turned a quarter clockwise.
const int unfamiliarCount = 1000;
var noise = new Matrix(unfamiliarCount, 784);
rng.FillUniform(noise.Data);
var rotated = new Matrix(unfamiliarCount, 784);
for (int i = 0; i < unfamiliarCount; i++)
    for (int row = 0; row < 28; row++)
        for (int col = 0; col < 28; col++)
            rotated[i, col * 28 + (27 - row)] = test.X[i, row * 28 + col];
double[] noiseEntropy = Predictive.Classification(network, likelihood, noise, samples, rng).PredictiveEntropy;
double[] rotatedEntropy = Predictive.Classification(network, likelihood, rotated, samples, rng).PredictiveEntropy;
double[] testEntropy = prediction.PredictiveEntropy;

var mostUncertain = Enumerable.Range(0, test.Count).OrderByDescending(i => testEntropy[i]).Take(15).ToArray();
var usedBins = calibration.Bins.Where(bin => bin.Count > 0).ToArray();
var charts = new[]
{
    Charts.ImageGrid("The 15 most uncertain test digits are ambiguous or badly written, and often misclassified",
        test.X, mostUncertain,
        mostUncertain.Select(i => $"true {test.Labels[i]}, said {predicted[i]}, H = {testEntropy[i]:F2}").ToArray()),
    Charts.GroupHistograms("Predictive entropy is low on test digits and high on inputs unlike any training digit",
        [("test digits", testEntropy), ("rotated digits", rotatedEntropy), ("uniform noise", noiseEntropy)],
        min: 0, max: Math.Log(classes), bins: 30, xTitle: "predictive entropy H[p̄] (nats; log 10 = 2.30 is a uniform guess)"),
    Charts.ReliabilityDiagram($"Reliability: accuracy tracks confidence (ECE {calibration.ExpectedCalibrationError:F3})",
        usedBins.Select(bin => bin.MeanConfidence).ToArray(), usedBins.Select(bin => bin.Accuracy).ToArray(), usedBins.Select(bin => (double)bin.Count).ToArray()),
};
var output = args.Length > 0 ? args[0] : Path.Combine(RepositoryRoot(), "artifacts", "demos", "mnist-uncertain-digits.html");
var path = HtmlExport.SavePage(output, "MNIST: which digits is a Bayesian network unsure about?", charts,
    $"A {network} network trained by Bayes by Backprop for {epochs} epochs on {train.Count} digits of the shipped MNIST subset; " +
    $"test accuracy {accuracy:P1} on the other {test.Count}, predictions averaged over S = {samples} sampled networks.");

Console.WriteLine($"trained {network} for {epochs} epochs ({trainer.StepCount} steps) in {trainSeconds:F1} s; " +
    $"last epoch F = {lastEpoch.Parts.Total:F0} nats (complexity {lastEpoch.Parts.ComplexityCost:F0}, likelihood {lastEpoch.Parts.LikelihoodCost:F0})");
Console.WriteLine($"test accuracy {accuracy:F4} on {test.Count} digits; ECE {calibration.ExpectedCalibrationError:F4}; mean confidence {confidence.Average():F4}");
Console.WriteLine($"{mostUncertain.Count(i => predicted[i] != test.Labels[i])} of the {mostUncertain.Length} most uncertain test digits are misclassified " +
    $"(overall {test.Count - predicted.Where((label, i) => label == test.Labels[i]).Count()} of {test.Count})");
Console.WriteLine($"mean predictive entropy (nats): test digits {testEntropy.Average():F4}, rotated digits {rotatedEntropy.Average():F4}, uniform noise {noiseEntropy.Average():F4}");
Console.WriteLine($"finished in {clock.Elapsed.TotalSeconds:F1} s");
Console.WriteLine(path);

// A missing or damaged data file is a setup problem, not a bug: say which file and what to do, exit 2, no stack trace.
static T DataOrExit<T>(Func<T> load)
{
    try
    {
        return load();
    }
    catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or DataFormatException)
    {
        Console.Error.WriteLine($"{e.Message}\nThis demo reads the digits shipped in data/; run it from a complete clone of the repository.");
        Environment.Exit(2);
        throw; // not reached
    }
}

static string RepositoryRoot([CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, ".."));
