using System.Runtime.InteropServices;
using System.Security.Cryptography;
using BnnCourse;
using BnnCourse.Numerics;

// One line per case: "<estimator> <prior> <divergence> <fused|unfused> <sha256 of every parameter after training>".
// Widths 5 → 37 → 3 are not multiples of any vector width, so every kernel runs its vector body and its tail.
var rngData = new Xoshiro256(11);
const int rows = 40;
var x = new Matrix(rows, 5);
rngData.FillStandardNormal(x.Data);
var y = new Matrix(rows, 3);
for (int r = 0; r < rows; r++)
    for (int j = 0; j < 3; j++) y[r, j] = MathF.Sin(x[r, j] + 0.5f * x[r, j + 2]);

var priors = new (string Name, Prior Prior, KlDivergence Divergence)[]
{
    ("gaussian", Prior.Gaussian(1f), KlDivergence.ClosedForm),
    ("gaussian", Prior.Gaussian(1f), KlDivergence.MonteCarlo),
    ("mixture", Prior.ScaleMixture(0.5f, 1f, 0.0025f), KlDivergence.MonteCarlo),
};
foreach (var activation in new[] { Activation.ReLU, Activation.Tanh })
foreach (var estimator in Enum.GetValues<GradientEstimator>())
    foreach (var (name, prior, divergence) in priors)
        foreach (bool fused in new[] { true, false })
        {
            var rng = new Xoshiro256(2024);
            var net = Network.BayesianMlp([5, 37, 3], prior, rng, estimator, activation, divergence, initialRho: -3f);
            var objective = new FreeEnergy(net, Likelihood.Gaussian(0.3f));
            var trainer = new Trainer(objective, Optimizer.Adam(objective.Parameters, 1e-2f), batchSize: 16, fuseUpdates: fused);
            trainer.Fit(x, y, epochs: 3, rng);
            using var sha = SHA256.Create();
            foreach (var p in objective.Parameters)
                sha.TransformBlock(MemoryMarshal.AsBytes(p.Value.AsSpan()).ToArray(), 0, p.Length * 4, null, 0);
            sha.TransformFinalBlock([], 0, 0);
            Console.WriteLine($"{activation} {estimator} {name} {divergence.GetType().Name} {(fused ? "fused" : "unfused")} {Convert.ToHexString(sha.Hash!)}");
        }
