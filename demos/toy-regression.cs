// Lecture demo without a notebook host: Bayes by Backprop on the toy regression of Blundell et al. (2015, §5.2),
// with a gap in the training inputs, and its uncertainty bands.
//   dotnet run demos/toy-regression.cs [output.html]
// Trains a Bayesian MLP (1-32-32-1, Gaussian prior, learned noise) with the course's Trainer, draws S = 200 networks
// from q(w | θ) for the predictive mean and its epistemic and total bands, writes an offline HTML page (plotly.js
// inlined) with the band chart and the free energy's two parts over training, and prints its path last.
// Notebook 06 walks through the same steps with the derivations.
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

// Data: 300 points of y = x + 0.3 sin(2π(x+ε)) + 0.3 sin(4π(x+ε)) + ε, ε ~ N(0, 0.02²), x in [0, 0.5] minus the gap.
const double gapStart = 0.15, gapEnd = 0.35;
var data = Toy.BlundellCurve(300, rng, noiseStd: 0.02, gap: (gapStart, gapEnd));
var inputScaler = Standardizer.Fit(data.X); // the network sees standardised x; charts stay in the original x
var inputs = inputScaler.Apply(data.X);

// Model and objective: F = KL[q ‖ P] − E_q[log P(D | w)], the KL spread evenly over the minibatches of an epoch.
const int hidden = 32, epochs = 300, batchSize = 32;
var network = Network.BayesianMlp([1, hidden, hidden, 1], Prior.Gaussian(1f), rng);
var noise = Likelihood.LearnedGaussian(initialSigma: 0.1f);
var objective = new FreeEnergy(network, noise, KlWeighting.PerMinibatch);
var trainer = new Trainer(objective, Optimizer.Adam(objective.Parameters, learningRate: 0.01f), batchSize);
var history = trainer.Fit(inputs, data.Y, epochs, rng); // every epoch's report
double trainSeconds = clock.Elapsed.TotalSeconds;

// Monte Carlo predictive on a grid from −0.25 to 1.0 and on the training inputs, the same S networks for both.
const int samples = 200;
ulong predictiveSeed = rng.NextUInt64();
var grid = Enumerable.Range(0, 251).Select(k => (float)(-0.25 + 1.25 * k / 250)).ToArray();
var onGrid = Predictive.Regression(network, noise, inputScaler.Apply(Matrix.Column(grid)), samples, new Xoshiro256(predictiveSeed));
var onData = Predictive.Regression(network, noise, inputs, samples, new Xoshiro256(predictiveSeed));
var epistemicSd = onGrid.EpistemicVariance.Select(Math.Sqrt).ToArray();
var totalSd = onGrid.TotalStd();

double MeanOver(Func<double, bool> region, double[] values) => Enumerable.Range(0, grid.Length).Where(k => region(grid[k])).Average(k => values[k]);
bool InGap(double x) => x > gapStart + 0.02 && x < gapEnd - 0.02;
bool Outside(double x) => x >= 0.8;
double totalOnData = onData.TotalStd().Average(), epistemicOnData = onData.EpistemicVariance.Average(Math.Sqrt);
double totalInGap = MeanOver(InGap, totalSd), epistemicInGap = MeanOver(InGap, epistemicSd);
double totalOutside = MeanOver(Outside, totalSd), epistemicOutside = MeanOver(Outside, epistemicSd);

var epochAxis = history.Select(r => (double)r.Epoch).ToArray();
var charts = new[]
{
    Charts.PredictiveBands("The band is narrow on the data, a little wider in the gap (0.15, 0.35) and wide away from the data",
        grid.Select(v => (double)v).ToArray(), onGrid.Mean, epistemicSd, totalSd,
        data.X.Data.Select(v => (double)v).ToArray(), data.Y.Data.Select(v => (double)v).ToArray()),
    Charts.FreeEnergyParts("Both parts of the free energy fall during training, the likelihood cost first",
        epochAxis, history.Select(r => r.Parts.ComplexityCost).ToArray(), history.Select(r => r.Parts.LikelihoodCost).ToArray(), xTitle: "epoch"),
};
var output = args.Length > 0 ? args[0] : Path.Combine(RepositoryRoot(), "artifacts", "demos", "toy-regression.html");
var path = HtmlExport.SavePage(output, "Toy regression: Bayes by Backprop knows where it has seen no data", charts,
    $"A {network} network trained by Bayes by Backprop for {epochs} epochs on {data.Count} points with x in [0, 0.5] " +
    $"and none in ({gapStart}, {gapEnd}); bands are 95 % intervals of the Monte Carlo predictive (S = {samples}): " +
    "epistemic from the spread of the sampled networks, total adding the learned noise.");

var first = history[0].Parts;
var last = history[^1].Parts;
Console.WriteLine($"trained {network} for {epochs} epochs ({trainer.StepCount} steps) in {trainSeconds:F1} s; learned noise sigma {noise.NoiseSigma:F4}");
Console.WriteLine($"free energy per epoch: first {first.Total:F1} (complexity {first.ComplexityCost:F1}, likelihood {first.LikelihoodCost:F1}), " +
    $"last {last.Total:F1} (complexity {last.ComplexityCost:F1}, likelihood {last.LikelihoodCost:F1})");
Console.WriteLine($"total predictive sd: on data {totalOnData:F4}, in gap {totalInGap:F4}, outside {totalOutside:F4}");
Console.WriteLine($"epistemic sd: on data {epistemicOnData:F4}, in gap {epistemicInGap:F4}, outside {epistemicOutside:F4}");
Console.WriteLine($"finished in {clock.Elapsed.TotalSeconds:F1} s");
Console.WriteLine(path);

static string RepositoryRoot([CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, ".."));
