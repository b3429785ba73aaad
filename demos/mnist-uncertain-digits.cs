// Lecture demo without a notebook host: MNIST digits and how sure a classifier is about them.
//   dotnet run demos/mnist-uncertain-digits.cs [output.html]
// Writes an offline HTML page (plotly.js inlined) and prints its path.
//
// Until the library's Bayes-by-Backprop network is on main, the classifier here is a nearest-class-mean model with an
// isotropic Gaussian likelihood, p(c | x) ∝ π_c exp(−‖x − μ_c‖² / 2s²): a real, fast baseline whose over-confidence
// the reliability diagram shows, and whose least sure digits the image grid shows.
#:project ../lib/BnnCourse/BnnCourse.csproj
#:project ../lib/BnnCourse.Plotting/BnnCourse.Plotting.csproj
#:property PublishAot=false
// (file-based apps default to native AOT, whose analyzers would fail the build under warnings-as-errors; see demos/README.md)

using System.IO.Compression;
using System.Runtime.CompilerServices;
using BnnCourse.Numerics;
using BnnCourse.Plotting;

var root = RepositoryRoot();
var images = ReadIdx(Path.Combine(root, "data", "mnist10k-images-idx3-ubyte.gz"), 0x803);
var labels = ReadIdx(Path.Combine(root, "data", "mnist10k-labels-idx1-ubyte.gz"), 0x801);
int count = labels.Length, pixels = images.Length / count;
const int trainCount = 8000;
int testCount = count - trainCount;

// Pixels scaled to [0, 1]; the files' rows are already shuffled, so a contiguous split is fair.
var x = new Matrix(count, pixels, Array.ConvertAll(images, b => b / 255f));

// Fit: class means μ_c, priors π_c, and one shared variance s² = mean ‖x − μ_y‖² / D.
var means = new Matrix(10, pixels);
var classCount = new int[10];
for (int i = 0; i < trainCount; i++)
{
    classCount[labels[i]]++;
    var row = x.Row(i);
    var mu = means.Row(labels[i]);
    for (int j = 0; j < pixels; j++)
        mu[j] += row[j];
}
for (int c = 0; c < 10; c++)
    foreach (ref var v in means.Row(c))
        v /= classCount[c];
double s2 = 0;
for (int i = 0; i < trainCount; i++)
    s2 += SquaredDistance(x.Row(i), means.Row(labels[i]));
s2 /= (double)trainCount * pixels;

// Predict the test rows: ‖x − μ‖² = ‖x‖² − 2 x·μ + ‖μ‖², with x·μ for all pairs in one matrix product.
var test = new Matrix(testCount, pixels, x.Data.AsSpan(trainCount * pixels).ToArray());
var dots = new Matrix(testCount, 10);
Gemm.MultiplyTransposeB(test.Data, means.Data, dots.Data, testCount, pixels, 10, accumulate: false);
var meanNorms = Enumerable.Range(0, 10).Select(c => Dot(means.Row(c), means.Row(c))).ToArray();
var probabilities = new double[testCount][];
var predicted = new int[testCount];
for (int i = 0; i < testCount; i++)
{
    double xNorm = Dot(test.Row(i), test.Row(i));
    var logits = Enumerable.Range(0, 10)
        .Select(c => Math.Log(classCount[c] / (double)trainCount) - (xNorm - 2 * dots[i, c] + meanNorms[c]) / (2 * s2)).ToArray();
    double max = logits.Max();
    var p = logits.Select(l => Math.Exp(l - max)).ToArray();
    double z = p.Sum();
    probabilities[i] = p.Select(v => v / z).ToArray();
    predicted[i] = Array.IndexOf(probabilities[i], probabilities[i].Max());
}
var truth = labels.AsSpan(trainCount).ToArray();
double accuracy = Enumerable.Range(0, testCount).Count(i => predicted[i] == truth[i]) / (double)testCount;
var entropy = probabilities.Select(p => -p.Where(v => v > 0).Sum(v => v * Math.Log(v))).ToArray();

// Reliability: bin the test predictions by their confidence max_c p(c | x).
const int bins = 10;
var binConfidence = new double[bins];
var binCorrect = new double[bins];
var binCount = new int[bins];
for (int i = 0; i < testCount; i++)
{
    double confidence = probabilities[i][predicted[i]];
    int b = Math.Min(bins - 1, (int)(confidence * bins));
    binCount[b]++;
    binConfidence[b] += confidence;
    binCorrect[b] += predicted[i] == truth[i] ? 1 : 0;
}
var used = Enumerable.Range(0, bins).Where(b => binCount[b] > 0).ToArray();

var leastSure = Enumerable.Range(0, testCount).OrderByDescending(i => entropy[i]).Take(15).ToArray();
var charts = new[]
{
    Charts.ImageGrid("The 15 test digits the classifier is least sure about (highest predictive entropy)",
        test, leastSure, leastSure.Select(i => $"{truth[i]}: said {predicted[i]} (p = {probabilities[i][predicted[i]]:F2})").ToArray()),
    Charts.ReliabilityDiagram($"A nearest-class-mean classifier ({accuracy:P1} accurate) is over-confident",
        used.Select(b => binConfidence[b] / binCount[b]).ToArray(), used.Select(b => binCorrect[b] / binCount[b]).ToArray(), used.Select(b => binCount[b]).ToArray()),
};
var output = args.Length > 0 ? args[0] : Path.Combine(root, "artifacts", "demos", "mnist-uncertain-digits.html");
var path = HtmlExport.SavePage(output, "MNIST: which digits is the classifier unsure about?", charts,
    $"{trainCount} training and {testCount} test digits of the shipped MNIST subset; test accuracy {accuracy:P1}.");
Console.WriteLine($"test accuracy {accuracy:P1} on {testCount} digits; mean predictive entropy {entropy.Average():F3} nats");
Console.WriteLine(path);
return accuracy > 0.7 ? 0 : 1;

static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
{
    double s = 0;
    for (int j = 0; j < a.Length; j++)
        s += (double)a[j] * b[j];
    return s;
}

static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
{
    double s = 0;
    for (int j = 0; j < a.Length; j++)
        s += ((double)a[j] - b[j]) * ((double)a[j] - b[j]);
    return s;
}

// IDX format: big-endian magic (0x00000803 images, 0x00000801 labels), dimension sizes, then the bytes row-major.
static byte[] ReadIdx(string path, int magic)
{
    using var reader = new BinaryReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
    int ReadBigEndian() => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(reader.ReadInt32());
    int found = ReadBigEndian();
    if (found != magic)
        throw new InvalidDataException($"{path}: magic 0x{found:X8}, expected 0x{magic:X8}.");
    int dimensions = magic & 0xFF;
    long size = 1;
    for (int d = 0; d < dimensions; d++)
        size *= ReadBigEndian();
    return reader.ReadBytes(checked((int)size));
}

static string RepositoryRoot([CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, ".."));
