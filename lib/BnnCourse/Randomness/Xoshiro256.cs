namespace BnnCourse.Randomness;

/// <summary>
/// xoshiro256** (Blackman and Vigna 2018), seeded by splitmix64, with standard-normal draws by Box-Muller.
/// The only source of randomness in the library: every method that samples takes one, and the caller seeds it.
/// </summary>
/// <remarks>Reference implementation: the vectorised generator keeps this API (values may change).</remarks>
public sealed class Xoshiro256
{
    ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator whose whole stream is determined by <paramref name="seed"/>.</summary>
    public Xoshiro256(ulong seed)
    {
        ulong z = seed;
        _s0 = SplitMix(ref z); _s1 = SplitMix(ref z); _s2 = SplitMix(ref z); _s3 = SplitMix(ref z);
    }

    static ulong SplitMix(ref ulong x)
    {
        ulong r = x += 0x9E3779B97F4A7C15UL;
        r = (r ^ (r >> 30)) * 0xBF58476D1CE4E5B9UL;
        r = (r ^ (r >> 27)) * 0x94D049BB133111EBUL;
        return r ^ (r >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = System.Numerics.BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t;
        _s3 = System.Numerics.BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (int)((NextUInt64() >> 33) * (ulong)n >> 31);
    }

    /// <summary>A new generator whose stream is independent of this one (seeded from this one's output).</summary>
    public Xoshiro256 Split() => new(NextUInt64());

    /// <summary>Fills <paramref name="destination"/> with independent N(0, 1) draws.</summary>
    public void FillStandardNormal(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i += 2)
        {
            double u1 = ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53)); // (0, 1)
            double u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            var (s, c) = Math.SinCos(2 * Math.PI * u2);
            destination[i] = (float)(r * c);
            if (i + 1 < destination.Length) destination[i + 1] = (float)(r * s);
        }
    }

    /// <summary>Fills <paramref name="destination"/> with independent uniforms in [0, 1).</summary>
    public void FillUniform(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = (NextUInt64() >> 40) * (1f / (1 << 24));
    }
}
