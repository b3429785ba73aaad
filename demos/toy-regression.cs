// Lecture demo without a notebook host: the toy regression of Blundell et al. (2015, §5.2) with its uncertainty band.
//   dotnet run demos/toy-regression.cs [output.html]
// Writes an offline HTML page (plotly.js inlined) and prints its path.
//
// Until the library's Bayes-by-Backprop network is on main, the posterior here is the exact one of a Bayesian linear
// model on radial basis features (conjugate Gaussian prior and likelihood), which shows the same claim: the epistemic
// band is narrow where there is data and widens away from it.
#:project ../lib/BnnCourse/BnnCourse.csproj
#:project ../lib/BnnCourse.Plotting/BnnCourse.Plotting.csproj
#:property PublishAot=false
// (file-based apps default to native AOT, whose analyzers would fail the build under warnings-as-errors; see demos/README.md)

using System.Runtime.CompilerServices;
using BnnCourse.Plotting;
using BnnCourse.Randomness;
using MathNet.Numerics.LinearAlgebra;

var rng = new Xoshiro256(seed: 2015);

// Data: y = x + 0.3 sin(2π(x + ε)) + 0.3 sin(4π(x + ε)) + ε, ε ~ N(0, 0.02²), x ~ U(0, 0.5) (Blundell et al. 2015, eq. 12).
const int n = 100;
const double noiseSigma = 0.02;
var trainX = new double[n];
var trainY = new double[n];
var eps = new float[n];
rng.FillStandardNormal(eps);
for (int i = 0; i < n; i++)
{
    double x = 0.5 * rng.NextDouble(), e = noiseSigma * eps[i];
    trainX[i] = x;
    trainY[i] = x + 0.3 * Math.Sin(2 * Math.PI * (x + e)) + 0.3 * Math.Sin(4 * Math.PI * (x + e)) + e;
}

// Model: y = φ(x)ᵀw + ε with radial basis features φ, prior w ~ N(0, α⁻¹ I), noise precision β = 1/σ².
const int features = 30;
const double alpha = 1.0, width = 0.08;
double beta = 1.0 / (noiseSigma * noiseSigma);
var centers = Enumerable.Range(0, features - 1).Select(k => -0.3 + 1.6 * k / (features - 2)).ToArray();
double[] Phi(double x) => [1.0, .. centers.Select(c => Math.Exp(-(x - c) * (x - c) / (2 * width * width)))];

var design = Matrix<double>.Build.DenseOfRowArrays(trainX.Select(Phi));
// Posterior: Σ = (αI + βΦᵀΦ)⁻¹, m = βΣΦᵀy.
var covariance = (Matrix<double>.Build.DenseIdentity(features) * alpha + beta * design.TransposeThisAndMultiply(design)).Inverse();
var mean = beta * covariance * design.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(trainY));

var grid = Enumerable.Range(0, 281).Select(k => -0.2 + 1.4 * k / 280).ToArray();
var predictiveMean = new double[grid.Length];
var epistemicSigma = new double[grid.Length];
var totalSigma = new double[grid.Length];
for (int k = 0; k < grid.Length; k++)
{
    var phi = Vector<double>.Build.DenseOfArray(Phi(grid[k]));
    double epistemicVariance = phi * covariance * phi; // φᵀΣφ
    predictiveMean[k] = phi * mean;
    epistemicSigma[k] = Math.Sqrt(epistemicVariance);
    totalSigma[k] = Math.Sqrt(epistemicVariance + 1 / beta);
}

var posterior = new LayerPosterior("basis weights", mean.ToArray(), covariance.Diagonal().Select(Math.Sqrt).ToArray());
var charts = new[]
{
    Charts.PredictiveBands("Uncertainty is small on the training data (0 ≤ x ≤ 0.5) and grows away from it",
        grid, predictiveMean, epistemicSigma, totalSigma, trainX, trainY),
    Charts.PosteriorHistograms("Weights of basis functions far from the data keep their prior spread σ ≈ 1", [posterior], bins: 20),
};

var output = args.Length > 0 ? args[0] : Path.Combine(RepositoryRoot(), "artifacts", "demos", "toy-regression.html");
var path = HtmlExport.SavePage(output, "Toy regression: where the model is unsure", charts,
    "Exact posterior of a Bayesian linear model on radial basis features, trained on 100 points with x in [0, 0.5]; bands are 95 % credible intervals.");
int farIndex = Array.FindIndex(grid, g => g >= 1.0);
int nearIndex = Array.FindIndex(grid, g => g >= 0.25);
Console.WriteLine($"epistemic σ at x = 0.25: {epistemicSigma[nearIndex]:F4}; at x = 1.0: {epistemicSigma[farIndex]:F4}");
Console.WriteLine(path);
return epistemicSigma[farIndex] > 10 * epistemicSigma[nearIndex] ? 0 : 1;

static string RepositoryRoot([CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, ".."));
