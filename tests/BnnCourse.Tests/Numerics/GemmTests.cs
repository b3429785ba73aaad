using BnnCourse.Numerics;

namespace BnnCourse.Tests.Numerics;

public class GemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 7, 13, 5 }, { 33, 65, 17 }, { 6, 256, 32 }, { 12, 257, 33 }, { 5, 300, 47 },
        { 13, 3, 64 }, { 64, 100, 1 }, { 1, 100, 100 }, { 2, 513, 16 },
    };

    static float[] Random(int length, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        var x = new float[length];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(2 * rng.NextDouble() - 1);
        return x;
    }

    /// <summary>
    /// op(A)·op(B) (+ C) in double, with op(A)(i,p), op(B)(p,j) read according to the form, and for each entry the
    /// rigorous float rounding bound γ·(Σₚ|aᵢₚ bₚⱼ| + |cᵢⱼ|), γ = (k + 2)·2⁻²⁴ (Higham, Accuracy and Stability, §3.1).
    /// </summary>
    static (double[] Value, double[] Bound) Reference(GemmForm form, float[] a, float[] b, float[] c, int m, int k, int n, bool accumulate)
    {
        var r = new double[m * n];
        var bound = new double[m * n];
        double gamma = (k + 2) * Math.Pow(2, -24);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = accumulate ? c[i * n + j] : 0, abs = Math.Abs(s);
                for (int p = 0; p < k; p++)
                {
                    double aip = form == GemmForm.TN ? a[p * m + i] : a[i * k + p];
                    double bpj = form == GemmForm.NT ? b[j * k + p] : b[p * n + j];
                    s += aip * bpj;
                    abs += Math.Abs(aip * bpj);
                }
                r[i * n + j] = s;
                bound[i * n + j] = gamma * abs;
            }
        return (r, bound);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_width_every_form_matches_a_double_precision_reference(int m, int k, int n)
    {
        foreach (var form in new[] { GemmForm.NN, GemmForm.NT, GemmForm.TN })
            foreach (bool accumulate in new[] { false, true })
            {
                var a = Random(m * k, 1); var b = Random(k * n, 2); var c0 = Random(m * n, 3);
                var (expected, bound) = Reference(form, a, b, c0, m, k, n, accumulate);
                foreach (var width in Simd.All)
                {
                    var c = (float[])c0.Clone();
                    Gemm.Run(form, width, 1, a, b, c, m, k, n, accumulate);
                    for (int i = 0; i < c.Length; i++)
                        Assert.True(Math.Abs(c[i] - expected[i]) <= bound[i],
                            $"{form} {width} acc={accumulate} {m}×{k}×{n}: C[{i}] = {c[i]}, reference {expected[i]}");
                }
            }
    }

    [Fact]
    public void Results_are_bit_identical_for_one_and_two_threads_and_every_width()
    {
        // large enough to be split over threads (> 4 MFLOP), with edge tiles in both directions
        const int m = 131, k = 300, n = 157;
        foreach (var form in new[] { GemmForm.NN, GemmForm.NT, GemmForm.TN })
        {
            var a = Random(m * k, 4); var b = Random(k * n, 5);
            var first = new float[m * n];
            Gemm.Run(form, Simd.Preferred, 1, a, b, first, m, k, n, false);
            foreach (var width in Simd.All)
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    var c = new float[m * n];
                    Gemm.Run(form, width, threads, a, b, c, m, k, n, false);
                    Assert.True(first.AsSpan().SequenceEqual(c), $"{form} {width} threads={threads} differs from 1 thread");
                }
        }
    }

    [Fact]
    public void A_large_product_with_edge_tiles_in_every_block_matches_the_reference()
    {
        // n > 512 (several column blocks), k > 256 (several k blocks), m and n not multiples of any tile size
        const int m = 37, k = 517, n = 601;
        foreach (var form in new[] { GemmForm.NN, GemmForm.NT, GemmForm.TN })
        {
            var a = Random(m * k, 6); var b = Random(k * n, 7); var c = Random(m * n, 8);
            var (expected, bound) = Reference(form, a, b, c, m, k, n, accumulate: true);
            Gemm.Run(form, Simd.Preferred, 2, a, b, c, m, k, n, accumulate: true);
            for (int i = 0; i < c.Length; i++)
                Assert.True(Math.Abs(c[i] - expected[i]) <= bound[i], $"{form}: C[{i}] = {c[i]}, reference {expected[i]}");
        }
    }

    [Fact]
    public void Public_forms_agree_with_the_dense_layer_identities()
    {
        // Y = X·W, dX = dY·Wᵀ, dW = Xᵀ·dY on a small layer, checked entry by entry.
        float[] x = [1, 2, 3, 4, 5, 6];          // 2×3
        float[] w = [1, 0, -1, 2, 0.5f, 1];      // 3×2
        var y = new float[4];
        Gemm.Multiply(x, w, y, 2, 3, 2);
        Assert.Equal([1 * 1 + 2 * -1 + 3 * 0.5f, 1 * 0 + 2 * 2 + 3 * 1, 4 * 1 + 5 * -1 + 6 * 0.5f, 4 * 0 + 5 * 2 + 6 * 1], y);
        float[] dy = [1, -1, 2, 0.5f];           // 2×2
        var dx = new float[6];
        Gemm.MultiplyTransposeB(dy, w, dx, 2, 2, 3);
        Assert.Equal([1 - 0, -1 - 2, 0.5f - 1, 2 + 0, -2 + 1, 1 + 0.5f], dx);
        var dw = new float[6];
        Gemm.MultiplyTransposeA(x, dy, dw, 3, 2, 2);
        Assert.Equal([1 + 8, -1 + 2, 2 + 10, -2 + 2.5f, 3 + 12, -3 + 3], dw);
    }

    [Fact]
    public void Zero_k_clears_or_keeps_C()
    {
        float[] c = [1, 2, 3, 4];
        Gemm.Multiply([], [], c, 2, 0, 2, accumulate: true);
        Assert.Equal([1f, 2, 3, 4], c);
        Gemm.Multiply([], [], c, 2, 0, 2);
        Assert.Equal([0f, 0, 0, 0], c);
    }

    [Fact]
    public void Short_spans_and_negative_shapes_are_rejected_with_the_parameter_name()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[5], new float[6], new float[4], 2, 3, 2));
        Assert.Equal("a", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposeB(new float[6], new float[5], new float[4], 2, 3, 2));
        Assert.Equal("b", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposeA(new float[6], new float[6], new float[3], 2, 3, 2));
        Assert.Equal("c", e.ParamName);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply([], [], [], -1, 0, 0));
        Assert.Equal("m", r.ParamName);
    }
}
