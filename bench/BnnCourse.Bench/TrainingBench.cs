using System.Diagnostics;
using BnnCourse;
using BnnCourse.Numerics;

namespace BnnCourse.Bench;

/// <summary>
/// Bayes-by-Backprop training steps per second with exactly the definitions of the libtorch peer bench (Bbb.cs; see README.md):
/// networks A 784-400-400-10 (batch 128), B 1-100-100-1 (batch 64, regression, Gaussian σ = 0.1 on y = sin 3x + noise),
/// C 784-1200-1200-10 (batch 128); μ ~ U(−0.1, 0.1), ρ = −5; one weight sample per minibatch; prior N(0, 1) with the
/// closed-form KL or the scale mixture (π = 0.5, σ₁ = 1, σ₂ = e⁻⁶) with the one-sample Monte Carlo KL; loss = summed NLL
/// + KL / (469 for A and C, 16 for B); Adam, learning rate 1e-3; inputs N(0, 1), labels uniform, a pool of 16
/// minibatches cycled. A step = forward (sampling, KL) + backward + Adam update: one <see cref="Trainer.Step"/>, with
/// the trainer's fused backward + KL + Adam pass unless --unfused.
/// </summary>
static class TrainingBench
{
    /// <summary>Minimum warm-up time before the timed steps.</summary>
    public const double WarmupSeconds = 2.0;

    public sealed record Arch(string Id, int[] Sizes, int Batch, bool Classification, int NumBatches);

    public static Arch Get(string id) => id switch
    {
        "A" => new("A", [784, 400, 400, 10], 128, true, 469),
        "B" => new("B", [1, 100, 100, 1], 64, false, 16),
        "C" => new("C", [784, 1200, 1200, 10], 128, true, 469),
        _ => throw new ArgumentException($"arch must be A, B or C, got {id}"),
    };

    public static (double StepsPerSecond, string Line) Run(Arch arch, bool mixture, int warmup, int steps, bool fused = true)
    {
        double rssStart = Rss("VmRSS:");
        var rng = new Xoshiro256(1234);
        Prior prior = mixture ? Prior.ScaleMixture(0.5f, 1f, MathF.Exp(-6f)) : Prior.StandardNormal;
        KlDivergence divergence = mixture ? KlDivergence.MonteCarlo : KlDivergence.ClosedForm;
        var network = Network.BayesianMlp(arch.Sizes, prior, rng, GradientEstimator.WeightReparameterization, Activation.ReLU, divergence,
            initialMuRange: 0.1f, initialRho: -5f);
        Likelihood likelihood = arch.Classification ? Likelihood.Categorical(arch.Sizes[^1]) : Likelihood.Gaussian(0.1f);
        var objective = new FreeEnergy(network, likelihood, KlWeighting.PerMinibatch, samples: 1);
        var workspace = objective.CreateWorkspace(arch.Batch);
        var adam = new Adam(objective.Parameters, learningRate: 1e-3f);

        // a pool of 16 minibatches, cycled (data generation is not timed)
        var data = new Xoshiro256(42);
        int pool = Math.Min(arch.NumBatches, 16);
        var xs = new float[pool][]; var ys = new float[pool][];
        for (int i = 0; i < pool; i++)
        {
            xs[i] = new float[arch.Batch * arch.Sizes[0]];
            data.FillStandardNormal(xs[i]);
            ys[i] = new float[arch.Batch];
            for (int r = 0; r < arch.Batch; r++)
                ys[i][r] = arch.Classification ? data.NextInt(arch.Sizes[^1]) : (float)(Math.Sin(3 * xs[i][r]) + 0.1 * data.NextStandardNormal());
        }

        var trainer = new Trainer(objective, adam, arch.Batch, fuseUpdates: fused);
        int s = 0;
        double lastLoss = 0;
        void Step()
        {
            var minibatch = new Minibatch(s % arch.NumBatches + 1, arch.NumBatches, arch.NumBatches * arch.Batch);
            var parts = trainer.Step(xs[s % pool], ys[s % pool], arch.Batch, minibatch, rng);
            lastLoss = parts.ComplexityCost + parts.LikelihoodCost;
            s++;
        }

        // warm-up: at least `warmup` steps and WarmupSeconds, so the JIT has tiered every method of a step up
        // (with 0.6 s the background tier-1 compilations still add about 5 MiB of RSS during the timed steps)
        var wu = Stopwatch.StartNew();
        while (s < warmup || wu.Elapsed.TotalSeconds < WarmupSeconds) Step();
        GC.Collect();
        double rssBefore = Rss("VmRSS:");
        int gcBefore = GC.CollectionCount(0);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var ms = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Step();
            ms[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        double rssAfter = Rss("VmRSS:");
        int gcs = GC.CollectionCount(0) - gcBefore;
        double bytesPerStep = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)steps;
        Array.Sort(ms);
        double median = steps % 2 == 1 ? ms[steps / 2] : 0.5 * (ms[steps / 2 - 1] + ms[steps / 2]);
        string name = $"{arch.Id}/{(mixture ? "mixture" : "gauss")}{(fused ? "" : "/unfused")}";
        string line = $"| {name,-10} | {1000 / median,8:F1} | {1000 / ms[^1],6:F0}–{1000 / ms[0],-6:F0} | {median,7:F3} | {rssStart,6:F0} | {rssBefore,6:F0} → {rssAfter,-6:F0} | {Rss("VmHWM:"),6:F0} | {gcs,3} | {bytesPerStep,6:F0} | {lastLoss,12:G5} |";
        return (1000 / median, line);
    }

    public const string Header =
        "| row        |  steps/s | min–max         | median ms | RSS start | RSS before → after (MiB) | peak RSS | GCs | B alloc/step | last loss |\n" +
        "| ---------- | -------: | --------------- | ------: | -----: | --------------- | -----: | --: | -----: | ----------: |";

    /// <summary>A /proc/self/status field in MiB (VmRSS current, VmHWM peak).</summary>
    public static double Rss(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line.AsSpan(key.Length).Trim().ToString().Split(' ')[0]) / 1024.0;
        return double.NaN;
    }
}
