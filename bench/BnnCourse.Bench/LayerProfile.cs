using System.Diagnostics;
using BnnCourse;
using BnnCourse.Numerics;

namespace BnnCourse.Bench;

/// <summary>Where the time of a training step of network A, B or C goes, layer by layer, inside the real network (diagnostics; unfused path).</summary>
static class LayerProfile
{
    public static void Run(string archId, bool mixture, int steps)
    {
        var arch = TrainingBench.Get(archId);
        var rng = new Xoshiro256(1234);
        Prior prior = mixture ? Prior.ScaleMixture(0.5f, 1f, MathF.Exp(-6f)) : Prior.StandardNormal;
        var network = Network.BayesianMlp(arch.Sizes, prior, rng, initialMuRange: 0.1f, initialRho: -5f);
        Likelihood likelihood = arch.Classification ? Likelihood.Categorical(arch.Sizes[^1]) : Likelihood.Gaussian(0.1f);
        var ws = network.CreateWorkspace(arch.Batch);
        var adam = new Adam(network.Parameters, 1e-3f);
        var x = new float[arch.Batch * arch.Sizes[0]]; rng.FillStandardNormal(x);
        var y = new float[arch.Batch]; for (int i = 0; i < y.Length; i++) y[i] = arch.Classification ? rng.NextInt(arch.Sizes[^1]) : 0.5f;
        int L = network.Layers.Count;
        var fwd = new List<double>[L]; var bwd = new List<double>[L];
        for (int l = 0; l < L; l++) { fwd[l] = []; bwd[l] = []; }
        List<double> clear = [], loss = [], opt = [];
        var context = ForwardContext.Train(rng, 1f / arch.NumBatches);
        for (int s = 0; s < steps + 50; s++)
        {
            bool record = s >= 50;
            long t = Stopwatch.GetTimestamp();
            ws.ClearGradients();
            if (record) clear.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            x.CopyTo(ws.Input, 0);
            ReadOnlySpan<float> input = ws.Input.AsSpan(0, x.Length);
            for (int l = 0; l < L; l++)
            {
                var output = ws.Activations[l].AsSpan(0, arch.Batch * network.Widths[l + 1]);
                t = Stopwatch.GetTimestamp();
                network.Layers[l].Forward(input, output, arch.Batch, ws.LayerBuffers[l], context);
                if (record) fwd[l].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                input = output;
            }
            ws.Rows = arch.Batch;
            t = Stopwatch.GetTimestamp();
            likelihood.NegativeLogLikelihood(input, y, arch.Batch, 1f, ws.ActivationGradients[L - 1].AsSpan(0, input.Length), []);
            if (record) loss.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            for (int l = L - 1; l >= 0; l--)
            {
                int nIn = arch.Batch * network.Widths[l], nOut = arch.Batch * network.Widths[l + 1];
                ReadOnlySpan<float> xin = l == 0 ? ws.Input.AsSpan(0, nIn) : ws.Activations[l - 1].AsSpan(0, nIn);
                Span<float> dx = l == 0 ? default : ws.ActivationGradients[l - 1].AsSpan(0, nIn);
                t = Stopwatch.GetTimestamp();
                network.Layers[l].Backward(xin, ws.Activations[l].AsSpan(0, nOut), ws.ActivationGradients[l].AsSpan(0, nOut), dx, arch.Batch, ws.LayerBuffers[l]);
                if (record) bwd[l].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            t = Stopwatch.GetTimestamp();
            adam.Step(ws.Gradients);
            if (record) opt.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        static double Median(List<double> v) { v.Sort(); return v[v.Count / 2]; }
        Console.WriteLine($"## {archId}/{(mixture ? "mixture" : "gauss")}: medians over {steps} steps (ms)");
        Console.WriteLine($"  clear gradients {Median(clear):F3}, loss {Median(loss):F3}, Adam {Median(opt):F3}");
        for (int l = 0; l < L; l++) Console.WriteLine($"  {network.Layers[l].Describe(),-28} forward {Median(fwd[l]):F3}  backward {Median(bwd[l]):F3}");
    }
}
