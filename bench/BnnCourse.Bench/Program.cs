using BnnCourse.Bench;

string mode = args.Length > 0 ? args[0] : "all";
switch (mode)
{
    case "gemm": MicroBench.Gemm([1, 2], args.Length > 1 ? args[1] : null); break;
    case "rng": MicroBench.Normals(); break;
    default: MicroBench.Gemm([1, 2]); break;
}
