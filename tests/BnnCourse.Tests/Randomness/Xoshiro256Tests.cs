using BnnCourse.Numerics;
using MathNet.Numerics.Distributions;

namespace BnnCourse.Tests.Randomness;

public class Xoshiro256Tests
{
    const int N = 1_000_000;

    static (double Mean, double Variance) Moments(ReadOnlySpan<float> x)
    {
        double s = 0, s2 = 0;
        foreach (float v in x) { s += v; s2 += (double)v * v; }
        double mean = s / x.Length;
        return (mean, s2 / x.Length - mean * mean);
    }

    /// <summary>Kolmogorov–Smirnov distance between the sample and the N(0, 1) CDF (MathNet's).</summary>
    static double KolmogorovSmirnov(ReadOnlySpan<float> x)
    {
        var sorted = x.ToArray();
        Array.Sort(sorted);
        double d = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            double f = Normal.CDF(0, 1, sorted[i]);
            d = Math.Max(d, Math.Max(f - (double)i / sorted.Length, (i + 1.0) / sorted.Length - f));
        }
        return d;
    }

    static void AssertStandardNormal(float[] z, string what)
    {
        var (mean, variance) = Moments(z);
        double n = z.Length;
        // standard errors of the sample mean (1/√n) and variance (√(2/n)) of N(0, 1)
        Assert.True(Math.Abs(mean) < 4 / Math.Sqrt(n), $"{what}: mean {mean}");
        Assert.True(Math.Abs(variance - 1) < 4 * Math.Sqrt(2 / n), $"{what}: variance {variance}");
        // KS critical value at α = 0.001 is 1.95/√n
        double ks = KolmogorovSmirnov(z);
        Assert.True(ks < 1.95 / Math.Sqrt(n), $"{what}: KS distance {ks}");
        Assert.All(z, v => Assert.True(float.IsFinite(v)));
    }

    static double Correlation(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < x.Length; i++) { sx += x[i]; sy += y[i]; sxx += (double)x[i] * x[i]; syy += (double)y[i] * y[i]; sxy += (double)x[i] * y[i]; }
        double n = x.Length, cov = sxy / n - sx / n * (sy / n);
        return cov / Math.Sqrt((sxx / n - sx / n * (sx / n)) * (syy / n - sy / n * (sy / n)));
    }

    [Fact]
    public void Normal_fill_has_mean_0_variance_1_and_passes_Kolmogorov_Smirnov()
    {
        var z = new float[N];
        new Xoshiro256(42).FillStandardNormal(z);
        AssertStandardNormal(z, "fast path");
    }

    [Fact]
    public void Portable_fallback_and_every_width_give_the_same_draws_and_a_valid_normal_distribution()
    {
        // the scalar 8-generator path and the Vector<ulong> path must produce exactly the uniforms of the Vector512 path
        var vector512 = new float[40_000];
        LaneFill.Run(vector512, 99, LaneFill.Kind.Uniform, LaneFill.Bits.Vector512, SimdWidth.Scalar, 1);
        foreach (var bits in new[] { LaneFill.Bits.Vector, LaneFill.Bits.Scalar })
        {
            var other = new float[40_000];
            LaneFill.Run(other, 99, LaneFill.Kind.Uniform, bits, SimdWidth.Scalar, 1);
            Assert.True(vector512.AsSpan().SequenceEqual(other), $"{bits} bits differ from Vector512 bits");
        }

        // the transform uses only IEEE operations (fused multiply-add, division, square root, rounding), so every
        // width gives the same bits as the scalar code, and that is a valid N(0, 1) sample
        var reference = new float[N];
        LaneFill.Run(reference, 7, LaneFill.Kind.Normal, LaneFill.Bits.Scalar, SimdWidth.Scalar, 1);
        AssertStandardNormal(reference, "scalar fallback");
        foreach (var width in Simd.All)
        {
            var z = new float[N];
            LaneFill.Run(z, 7, LaneFill.Kind.Normal, width == SimdWidth.V256 ? LaneFill.Bits.Vector : LaneFill.Bits.Vector512, width, 2);
            Assert.True(z.AsSpan().SequenceEqual(reference), $"{width} differs from the scalar fallback");
        }
    }

    [Fact]
    public void Same_seed_gives_bit_identical_draws_and_different_seeds_do_not()
    {
        float[] a = new float[5000], b = new float[5000], c = new float[5000];
        new Xoshiro256(3).FillStandardNormal(a);
        new Xoshiro256(3).FillStandardNormal(b);
        new Xoshiro256(4).FillStandardNormal(c);
        Assert.True(a.AsSpan().SequenceEqual(b));
        Assert.False(a.AsSpan().SequenceEqual(c));
    }

    [Fact]
    public void Draws_are_bit_identical_whatever_the_number_of_threads()
    {
        int length = 5 * LaneFill.Chunk + 77;
        var one = new float[length];
        LaneFill.Run(one, 11, LaneFill.Kind.Normal, LaneFill.PreferredBits, Simd.Preferred, 1);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            var many = new float[length];
            LaneFill.Run(many, 11, LaneFill.Kind.Normal, LaneFill.PreferredBits, Simd.Preferred, threads);
            Assert.True(one.AsSpan().SequenceEqual(many), $"{threads} threads differ from 1");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(16385)]
    public void Odd_lengths_are_filled_completely_and_are_prefixes_of_longer_fills(int length)
    {
        var longer = new float[length + 1000];
        var shorter = Enumerable.Repeat(float.NaN, length).ToArray();
        var rng = new Xoshiro256(5);
        rng.Clone().FillStandardNormal(longer);
        rng.FillStandardNormal(shorter);
        Assert.All(shorter, v => Assert.True(float.IsFinite(v)));
        Assert.True(longer.AsSpan(0, length).SequenceEqual(shorter));
    }

    [Fact]
    public void Split_streams_chunks_and_neighbouring_draws_are_uncorrelated()
    {
        var rng = new Xoshiro256(8);
        var other = rng.Split();
        float[] x = new float[N], y = new float[N];
        rng.FillStandardNormal(x);
        other.FillStandardNormal(y);
        double bound = 4 / Math.Sqrt(N); // standard error of a correlation of independent samples is 1/√n
        Assert.True(Math.Abs(Correlation(x, y)) < bound, "split streams");
        Assert.True(Math.Abs(Correlation(x.AsSpan(0, N - 1), x.AsSpan(1))) < bound, "lag 1");
        Assert.True(Math.Abs(Correlation(x.AsSpan(0, N - 16), x.AsSpan(16))) < bound, "cos/sin partners (lag 16)");
        int c = LaneFill.Chunk;
        Assert.True(Math.Abs(Correlation(x.AsSpan(0, c), x.AsSpan(c, c))) < 4 / Math.Sqrt(c), "adjacent chunks");
        var jumped = new Xoshiro256(8);
        jumped.Jump();
        jumped.FillStandardNormal(y);
        Assert.True(Math.Abs(Correlation(x, y)) < bound, "jumped stream");
    }

    [Fact]
    public void Uniform_fill_lies_in_the_unit_interval_with_uniform_moments_and_bins()
    {
        var u = new float[N];
        new Xoshiro256(9).FillUniform(u);
        Assert.All(u, v => Assert.True(v >= 0f && v < 1f));
        var (mean, variance) = Moments(u);
        // uniform(0,1): mean 1/2 (SE √(1/12n)), variance 1/12 (SE √(1/180n))
        Assert.True(Math.Abs(mean - 0.5) < 4 * Math.Sqrt(1.0 / 12 / N), $"mean {mean}");
        Assert.True(Math.Abs(variance - 1.0 / 12) < 4 * Math.Sqrt(1.0 / 180 / N), $"variance {variance}");
        // χ² over 100 equal bins against its 0.999 quantile
        var counts = new int[100];
        foreach (float v in u) counts[(int)(v * 100)]++;
        double chi2 = counts.Sum(k => (k - N / 100.0) * (k - N / 100.0) / (N / 100.0));
        Assert.True(chi2 < ChiSquared.InvCDF(99, 0.999), $"χ² = {chi2}");
    }

    [Fact]
    public void Normal_uniforms_avoid_zero_so_no_draw_is_infinite()
    {
        // u₁ = (r ≫ 33 + 1)·2⁻³¹ is at least 2⁻³¹, so |z| ≤ √(2·31·ln 2) ≈ 6.56
        var z = new float[N];
        new Xoshiro256(10).FillStandardNormal(z);
        Assert.All(z, v => Assert.True(Math.Abs(v) <= 6.57f));
    }

    [Fact]
    public void Scalar_draws_lie_in_their_ranges_and_NextInt_rejects_nonpositive_bounds()
    {
        var rng = new Xoshiro256(12);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            double d = rng.NextDouble();
            Assert.True(d >= 0 && d < 1);
            counts[rng.NextInt(7)]++;
        }
        // each of 7 values expected 10,000 times (SE √(10⁴·6/7) ≈ 93)
        Assert.All(counts, k => Assert.InRange(k, 10_000 - 4 * 93, 10_000 + 4 * 93));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
        Assert.Equal("n", e.ParamName);
        double s = 0, s2 = 0;
        for (int i = 0; i < 100_000; i++) { double z = rng.NextStandardNormal(); s += z; s2 += z * z; }
        Assert.True(Math.Abs(s / 1e5) < 4 / Math.Sqrt(1e5));
        Assert.True(Math.Abs(s2 / 1e5 - 1) < 4 * Math.Sqrt(2 / 1e5));
    }

    [Fact]
    public void Clone_and_Jump_are_deterministic()
    {
        var a = new Xoshiro256(13);
        var b = a.Clone();
        Assert.Equal(a.NextUInt64(), b.NextUInt64());
        a.Jump(); b.Jump();
        Assert.Equal(a.NextUInt64(), b.NextUInt64());
        var c = new Xoshiro256(13);
        c.NextUInt64();
        Assert.NotEqual(c.NextUInt64(), new Xoshiro256(13).NextUInt64());
    }
}
