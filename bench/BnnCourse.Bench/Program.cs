using BnnCourse.Bench;
using BnnCourse.Numerics;

// dotnet run -c Release --project bench/BnnCourse.Bench -- [all | gemm [filter] | rng | train [A|B|C] [gauss|mixture] | parts | layers [A|B|C] [gauss|mixture] | alloc] [--steps N] [--warmup N] [--threads N] [--unfused]
// Run it through bench/prio.sh for figures you report (see README.md, which also says where the libtorch peer is).
var positional = new List<string>();
int steps = 200, warmup = 20;
bool fused = true;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--steps": steps = int.Parse(args[++i]); break;
        case "--warmup": warmup = int.Parse(args[++i]); break;
        case "--threads": Simd.MaxThreads = int.Parse(args[++i]); break;
        case "--unfused": fused = false; break;
        default: positional.Add(args[i]); break;
    }
}
string mode = positional.Count > 0 ? positional[0] : "all";
Console.WriteLine($"# BnnCourse.Bench: {Environment.ProcessorCount} cores, {Simd.MaxThreads} threads, widest vectors {Simd.Preferred}, .NET {Environment.Version}");
if (mode is "all" or "gemm") MicroBench.Gemm([1, 2], positional.Count > 1 && mode == "gemm" ? positional[1] : null);
if (mode is "all" or "rng") MicroBench.Normals();
if (mode == "parts") StepParts.Profile();
if (mode == "alloc") AllocProbe.Run();
if (mode == "layers") LayerProfile.Run(positional.Count > 1 ? positional[1] : "A", positional.Count > 2 && positional[2] == "mixture", steps);
if (mode is "all" or "train")
{
    string[] archs = mode == "train" && positional.Count > 1 ? [positional[1]] : ["A", "B", "C"];
    string[] priors = mode == "train" && positional.Count > 2 ? [positional[2]] : ["gauss", "mixture"];
    Console.WriteLine($"## Training steps (warm-up ≥ {warmup} steps and ≥ {TrainingBench.WarmupSeconds} s, {steps} timed; steps/s = 1000 / median ms)");
    Console.WriteLine(TrainingBench.Header);
    foreach (var a in archs)
        foreach (var p in priors)
        {
            var (_, line) = TrainingBench.Run(TrainingBench.Get(a), p == "mixture", warmup, steps, fused);
            Console.WriteLine(line);
        }
}
