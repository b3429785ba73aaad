using System.Numerics;

namespace BnnCourse.Numerics;

/// <summary>
/// xoshiro256** (Blackman and Vigna 2018), seeded by splitmix64, with standard-normal draws by Box-Muller.
/// The only source of randomness in the library: every method that samples takes one, and the caller seeds it.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="FillStandardNormal"/> and <see cref="FillUniform"/> are vectorised: each call takes one 64-bit
/// value from this generator, derives from it (by splitmix64) 8 independent xoshiro256** lanes for every fixed
/// chunk of 16384 outputs, and fills the chunks, on several threads when the span is long. The numbers depend
/// only on the generator's state and the span's length, never on the number of threads.
/// </para>
/// <para>
/// The draws are the same on every machine with fused multiply-add (every x64 with AVX2, every ARM64): the random
/// bits come from Vector512 lanes where AVX-512 is accelerated and from 8 interleaved scalar generators
/// elsewhere (identical bits), and Box-Muller uses only IEEE operations (its logarithm, sine and cosine are
/// polynomials, not the platform's library functions), so every vector width computes the same floats as the
/// scalar code. On hardware without FMA the multiply-adds round twice, so the draws there differ in the last bits
/// (and are still reproducible on that machine).
/// </para>
/// <para>Thread safety: every draw advances the state, so a generator must not be shared between threads; give each thread its own stream (<c>Split</c>, <c>Jump</c>).</para>
/// </remarks>
public sealed class Xoshiro256
{
    ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator whose whole stream is determined by <paramref name="seed"/>.</summary>
    public Xoshiro256(ulong seed)
    {
        ulong z = seed;
        _s0 = SplitMix(ref z); _s1 = SplitMix(ref z); _s2 = SplitMix(ref z); _s3 = SplitMix(ref z);
    }

    /// <summary>splitmix64 (Steele, Lea and Flood 2014): advances x by the golden gamma and returns a mixed 64-bit value.</summary>
    internal static ulong SplitMix(ref ulong x)
    {
        ulong r = x += 0x9E3779B97F4A7C15UL;
        r = (r ^ (r >> 30)) * 0xBF58476D1CE4E5B9UL;
        r = (r ^ (r >> 27)) * 0x94D049BB133111EBUL;
        return r ^ (r >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, n), n ≥ 1 (Lemire's multiply-shift on 31 random bits).</summary>
    /// <exception cref="ArgumentOutOfRangeException">n ≤ 0.</exception>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (int)((NextUInt64() >> 33) * (ulong)n >> 31);
    }

    /// <summary>A uniformly random permutation of 0..n−1 (Fisher–Yates), drawn from this generator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0.</exception>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = new int[n];
        FillPermutation(p);
        return p;
    }

    /// <summary>Writes a uniformly random permutation of 0..p.Length−1 into <paramref name="p"/> (the trainer's per-epoch shuffle, without allocating).</summary>
    internal void FillPermutation(Span<int> p)
    {
        for (int i = 0; i < p.Length; i++) p[i] = i;
        for (int i = p.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
    }

    /// <summary>One N(0, 1) draw in double precision (Box-Muller, one of the pair; for bulk draws use <see cref="FillStandardNormal"/>).</summary>
    public double NextStandardNormal()
    {
        double u1 = ((NextUInt64() >> 11) + 1.0) * (1.0 / (1UL << 53)); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A new generator whose stream is independent of this one (seeded through splitmix64 from this one's next output).</summary>
    public Xoshiro256 Split() => new(NextUInt64());

    /// <summary>
    /// Advances this generator by 2¹²⁸ steps (Vigna's jump polynomial): calling it k times on copies of one
    /// generator gives k streams that cannot overlap for 2¹²⁸ draws each.
    /// </summary>
    public void Jump()
    {
        ReadOnlySpan<ulong> jump = [0x180EC6D33CFD0ABAUL, 0xD5A61266F0C9392CUL, 0xA9582618E03FC9AAUL, 0x39ABDC4529B1661CUL];
        ulong s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        foreach (ulong word in jump)
            for (int b = 0; b < 64; b++)
            {
                if ((word & (1UL << b)) != 0) { s0 ^= _s0; s1 ^= _s1; s2 ^= _s2; s3 ^= _s3; }
                NextUInt64();
            }
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>A copy with the same state: both produce the same stream from here on.</summary>
    public Xoshiro256 Clone() => (Xoshiro256)MemberwiseClone();

    /// <summary>
    /// Fills <paramref name="destination"/> with independent N(0, 1) draws (Box-Muller on 31- and 24-bit
    /// uniforms, so |z| ≤ 6.56). Advances this generator by one step whatever the length.
    /// </summary>
    public void FillStandardNormal(Span<float> destination)
        => LaneFill.Run(destination, NextUInt64(), LaneFill.Kind.Normal, LaneFill.PreferredBits, Numerics.Simd.Preferred, Numerics.Simd.MaxThreads);

    /// <summary>FillStandardNormal into ε, and w = μ + softplus(ρ)·ε chunk by chunk while ε is in cache (lengths checked by the caller).</summary>
    internal void FillStandardNormalAndSample(ReadOnlySpan<float> mu, ReadOnlySpan<float> rho, Span<float> epsilon, Span<float> w)
        => LaneFill.Run(epsilon, NextUInt64(), LaneFill.Kind.Normal, LaneFill.PreferredBits, Numerics.Simd.Preferred, Numerics.Simd.MaxThreads, mu, rho, w);

    /// <summary>Fills <paramref name="destination"/> with independent uniforms in [0, 1) (24 random bits each). Advances this generator by one step.</summary>
    public void FillUniform(Span<float> destination)
        => LaneFill.Run(destination, NextUInt64(), LaneFill.Kind.Uniform, LaneFill.PreferredBits, Numerics.Simd.Preferred, Numerics.Simd.MaxThreads);
}
