using BnnCourse.Numerics;
namespace BnnCourse.Bench;
static class AllocProbe
{
    public static void Run()
    {
        int n = 313600;
        var rng = new Xoshiro256(1);
        float[] mu = new float[n], rho = new float[n], eps = new float[n], w = new float[n], g1 = new float[n], g2 = new float[n];
        var a = new float[128 * 784]; var b = new float[784 * 400]; var c = new float[128 * 400];
        void Probe(string what, Action body)
        {
            for (int i = 0; i < 50; i++) body();
            long t0 = GC.GetTotalAllocatedBytes(true);
            for (int i = 0; i < 100; i++) body();
            Console.WriteLine($"{what}: {(GC.GetTotalAllocatedBytes(true) - t0) / 100.0} B/call");
        }
        Probe("fill", () => rng.FillStandardNormal(eps));
        Probe("sample", () => VariationalKernels.SampleWeights(mu, rho, eps, w));
        Probe("kl", () => VariationalKernels.GaussianKl(mu, rho, 1f, 1f, g1, g2));
        Probe("gemm", () => Gemm.Multiply(a, b, c, 128, 784, 400));
        Probe("gemmTA", () => Gemm.MultiplyTransposeA(a, c, b, 784, 128, 400));
    }
}
