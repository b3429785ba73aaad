using System.Diagnostics;
using BnnCourse.Numerics;

namespace BnnCourse.Bench;

/// <summary>Kernel throughput: GEMM GFLOP/s for the shapes of a training step, standard-normal draws per second.</summary>
static class MicroBench
{
    /// <summary>Median milliseconds of one call of body, after warming up past JIT tier-up (≥ 0.6 s and ≥ 60 calls).</summary>
    public static (double Median, double Min, double Max) Time(Action body, int samples = 30, double warmupSeconds = 0.6)
    {
        var wu = Stopwatch.StartNew();
        for (int i = 0; i < 60 || wu.Elapsed.TotalSeconds < warmupSeconds; i++) body();
        // repetitions per sample so one sample lasts about 5 ms
        long t0 = Stopwatch.GetTimestamp();
        body();
        double once = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        int reps = Math.Max(1, (int)(5 / Math.Max(once, 1e-4)));
        var ms = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long s0 = Stopwatch.GetTimestamp();
            for (int r = 0; r < reps; r++) body();
            ms[s] = Stopwatch.GetElapsedTime(s0).TotalMilliseconds / reps;
        }
        Array.Sort(ms);
        return (ms[samples / 2], ms[0], ms[^1]);
    }

    public static readonly (string Name, GemmForm Form, int M, int K, int N)[] Shapes =
    [
        ("A L1 forward  X·W       ", GemmForm.NN, 128, 784, 400),
        ("A L2 backward dY·Wᵀ     ", GemmForm.NT, 128, 400, 400),
        ("A L1 backward Xᵀ·dY     ", GemmForm.TN, 784, 128, 400),
        ("A L2 forward  X·W       ", GemmForm.NN, 128, 400, 400),
        ("A L2 backward Xᵀ·dY     ", GemmForm.TN, 400, 128, 400),
        ("C L2 forward  X·W       ", GemmForm.NN, 128, 1200, 1200),
    ];

    public static void Gemm(int[] threadCounts, string? only = null)
    {
        Console.WriteLine($"## GEMM (float32, vector width {Simd.Preferred}, GFLOP/s median [min–max])");
        var shapes = Shapes.Where(s => only == null || s.Name.Contains(only))
            .Select(s =>
            {
                var rng = new Xoshiro256(1);
                var a = new float[s.M * s.K]; var b = new float[s.K * s.N]; var c = new float[s.M * s.N];
                rng.FillStandardNormal(a); rng.FillStandardNormal(b);
                return (s.Name, s.Form, s.M, s.K, s.N, a, b, c);
            }).ToArray();
        // One product of every shape at every thread count before the first measurement: on a cold
        // start the first multi-threaded shape otherwise read about half speed (pool workers not yet up).
        foreach (var (_, form, m, k, n, a, b, c) in shapes)
            foreach (int t in threadCounts)
                BnnCourse.Numerics.Gemm.Run(form, Simd.Preferred, t, a, b, c, m, k, n, false);
        foreach (var (name, form, m, k, n, a, b, c) in shapes)
        {
            var line = $"{name} {form} {m}×{k}×{n}:";
            foreach (int t in threadCounts)
            {
                var (med, min, max) = Time(() => BnnCourse.Numerics.Gemm.Run(form, Simd.Preferred, t, a, b, c, m, k, n, false));
                double flop = 2.0 * m * k * n;
                line += $"  {t} thr {flop / med / 1e6,6:F1} [{flop / max / 1e6:F0}–{flop / min / 1e6:F0}]";
            }
            if (Simd.Preferred == SimdWidth.V512)
            {
                // what a laptop with AVX2 only would run (same code at Vector256)
                var (med256, _, _) = Time(() => BnnCourse.Numerics.Gemm.Run(form, SimdWidth.V256, 1, a, b, c, m, k, n, false));
                line += $"  | V256 1 thr {2.0 * m * k * n / med256 / 1e6,6:F1}";
            }
            Console.WriteLine(line);
        }
    }

    /// <summary>Standard-normal draws per second for one epsilon of network A (477,600 weights), 1 and 2 threads.</summary>
    public static void Normals()
    {
        const int n = 784 * 400 + 400 * 400 + 400 * 10;
        var dst = new float[n];
        var rng = new Xoshiro256(7);
        Console.WriteLine($"## Standard normals (Box-Muller over 8 xoshiro256** lanes, {(LaneFill.PreferredBits)} bits, {Simd.Preferred} transform), n = {n}");
        foreach (int t in new[] { 2, 1, 2 })
        {
            var (med, min, max) = Time(() => LaneFill.Run(dst, rng.NextUInt64(), LaneFill.Kind.Normal, LaneFill.PreferredBits, Simd.Preferred, t));
            Console.WriteLine($"  {t} thread(s): {n / med / 1e3,6:F0} M/s  [{n / max / 1e3:F0}–{n / min / 1e3:F0}]  ({med:F3} ms per fill)");
        }
        var (m1, _, _) = Time(() => LaneFill.Run(dst, rng.NextUInt64(), LaneFill.Kind.Normal, LaneFill.Bits.Vector, SimdWidth.V256, 1));
        Console.WriteLine($"  AVX2-style path (Vector<ulong> bits, V256 transform), 1 thread: {n / m1 / 1e3,6:F0} M/s");
        var (m2, _, _) = Time(() => LaneFill.Run(dst, rng.NextUInt64(), LaneFill.Kind.Normal, LaneFill.Bits.Scalar, Simd.Preferred, 1));
        Console.WriteLine($"  portable scalar bits, 1 thread: {n / m2 / 1e3,6:F0} M/s");
        var (m3, _, _) = Time(() => LaneFill.Run(dst, rng.NextUInt64(), LaneFill.Kind.Normal, LaneFill.Bits.Scalar, SimdWidth.Scalar, 1));
        Console.WriteLine($"  fully scalar fallback, 1 thread: {n / m3 / 1e3,6:F0} M/s");
    }
}

/// <summary>The parts of one training step of network A, timed in isolation (diagnostics for the step time).</summary>
static class StepParts
{
    public static void Profile()
    {
        int[] sizes = [784, 400, 400, 10];
        const int batch = 128;
        var rng = new Xoshiro256(3);
        double total = 0;
        void Report(string what, Action body)
        {
            var (med, _, _) = MicroBench.Time(body, samples: 15, warmupSeconds: 0.3);
            total += med;
            Console.WriteLine($"  {what,-44} {med,8:F3} ms");
        }
        Console.WriteLine("## One step of A (784-400-400-10, batch 128), parts timed alone");
        for (int l = 0; l < 3; l++)
        {
            int nIn = sizes[l], nOut = sizes[l + 1], n = nIn * nOut;
            var mu = new float[n]; var rho = new float[n]; var eps = new float[n]; var w = new float[n];
            var gMu = new float[n]; var gRho = new float[n]; var gW = new float[n]; var m = new float[n]; var v = new float[n];
            Array.Fill(rho, -5f);
            var x = new float[batch * nIn]; var y = new float[batch * nOut];
            rng.FillStandardNormal(x); rng.FillStandardNormal(y);
            Report($"L{l + 1} fill ε ({n})", () => rng.FillStandardNormal(eps));
            Report($"L{l + 1} sample w", () => VariationalKernels.SampleWeights(mu, rho, eps, w));
            Report($"L{l + 1} fused fill ε + sample w", () => VariationalKernels.SampleWeights(mu, rho, rng, eps, w));
            Report($"L{l + 1} Gaussian KL + gradient", () => VariationalKernels.GaussianKl(mu, rho, 1f, 1f / 469, gMu, gRho));
            Report($"L{l + 1} mixture MC KL + gradient", () => VariationalKernels.ScaleMixtureKl(mu, rho, eps, 0.5f, 1f, MathF.Exp(-6), 1f / 469, gMu, gRho));
            Report($"L{l + 1} forward X·W {batch}×{nIn}×{nOut}", () => Gemm.Multiply(x, w, y, batch, nIn, nOut));
            Report($"L{l + 1} dW = Xᵀ·dY", () => Gemm.MultiplyTransposeA(x, y, gW, nIn, batch, nOut));
            if (l > 0) Report($"L{l + 1} dX = dY·Wᵀ", () => Gemm.MultiplyTransposeB(y, w, x, batch, nOut, nIn));
            Report($"L{l + 1} reparameterization backward", () => VariationalKernels.ReparameterizationBackward(gW, eps, rho, gMu, gRho));
            Report($"L{l + 1} Adam μ and ρ", () => { VariationalKernels.AdamStep(mu, gMu, m, v, 1e-3f, 0.9f, 0.999f, 1e-8f, 5); VariationalKernels.AdamStep(rho, gRho, m, v, 1e-3f, 0.9f, 0.999f, 1e-8f, 5); });
            Report($"L{l + 1} fused backward + KL + Adam", () => VariationalKernels.GaussianUpdate(mu, rho, gW, eps, 1f, 1f / 469, m, v, gMu, gRho, 1e-3f, 0.9f, 0.999f, 1e-8f, 5));
            Report($"L{l + 1} fused backward + mixture KL + Adam", () => VariationalKernels.ScaleMixtureUpdate(mu, rho, gW, eps, 0.5f, 1f, MathF.Exp(-6), 1f / 469, m, v, gMu, gRho, 1e-3f, 0.9f, 0.999f, 1e-8f, 5));
        }
    }
}
