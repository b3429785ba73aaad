using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BnnCourse.Numerics;

// Over 250 lines on purpose: the stream layout documented below (lane seeding, chunking, the order of the pairs and
// of Box-Muller's outputs) and the three ways of generating the bits that must follow it exactly (scalar lanes,
// Vector<ulong>, Vector512) are one contract; split apart, one path could not be checked against the others by eye.

/// <summary>
/// Bulk uniform and standard-normal fills for <see cref="Xoshiro256"/>: 8 xoshiro256** lanes per chunk of
/// <see cref="Chunk"/> outputs, the lanes of chunk c seeded by splitmix64 outputs 32c … 32c+31 of the call seed.
/// </summary>
/// <remarks>
/// Each lane step yields one 64-bit value r per lane; two steps (A, B) make 16 pairs
/// u₁ = (r ≫ 33 + 1)·2⁻³¹ ∈ (0, 1], u₂ = ((r ≫ 8) mod 2²⁴)·2⁻²⁴ ∈ [0, 1), in the order A lanes 0–7, B lanes 0–7.
/// Box-Muller turns a group of 16 pairs into 32 normals: first the 16 values √(−2 ln u₁)·cos(2πu₂ − π), then the
/// 16 values √(−2 ln u₁)·sin(2πu₂ − π). (The shift by −π keeps the angle in [−π, π), where sine and cosine are most
/// accurate; it does not change the distribution.) A uniform fill writes the 16 u₂ of a group, then 16 more
/// 24-bit uniforms (r ≫ 40)·2⁻²⁴ of the same values.
/// </remarks>
internal static unsafe class LaneFill
{
    internal enum Kind { Normal, Uniform }

    internal const int Lanes = 8;
    internal const int Group = 32;            // outputs per double lane step
    internal const int Chunk = 16384;         // outputs per independently seeded chunk (fixed: never depends on threads)
    const int BlockGroups = 16;               // groups generated into the stack buffer at a time

    /// <summary>How the random bits are generated; every way gives the same bits.</summary>
    internal enum Bits
    {
        /// <summary>8 interleaved scalar generators (the portable path).</summary>
        Scalar,
        /// <summary>System.Numerics.Vector&lt;ulong&gt; (AVX2: 4 lanes per vector, NEON: 2), two or four vectors per lane step.</summary>
        Vector,
        /// <summary>One Vector512&lt;ulong&gt; holds all 8 lanes.</summary>
        Vector512,
    }

    /// <summary>The fastest way on this hardware.</summary>
    internal static readonly Bits PreferredBits =
        Vector512.IsHardwareAccelerated ? Bits.Vector512 :
        System.Numerics.Vector.IsHardwareAccelerated && System.Numerics.Vector<ulong>.Count is 2 or 4 ? Bits.Vector : Bits.Scalar;

    [ThreadStatic] static FillJob? t_job;

    /// <summary>Fills destination; when w is not empty, also sets w = μ + softplus(ρ)·destination chunk by chunk.</summary>
    internal static void Run(Span<float> destination, ulong seed, Kind kind, Bits bits, SimdWidth width, int threads,
        ReadOnlySpan<float> mu = default, ReadOnlySpan<float> rho = default, Span<float> w = default)
    {
        int chunks = (destination.Length + Chunk - 1) / Chunk;
        var job = t_job ??= new FillJob();
        fixed (float* p = destination, pm = mu, pr = rho, pw = w)
        {
            job.SetSample(w.IsEmpty ? null : pm, pr, pw);
            // at most MaxParts chunks per fork-join; chunk numbers continue across batches
            for (int first = 0; first < chunks; first += PartitionedJob.MaxParts)
            {
                int parts = Math.Min(PartitionedJob.MaxParts, chunks - first);
                job.Set(p, destination.Length, first, seed, kind, bits, width);
                job.Run(parts, parts > 1 ? threads - 1 : 0);
            }
            job.Clear();
        }
    }

    sealed class FillJob : PartitionedJob
    {
        float* _dst, _mu, _rho, _w;
        int _length, _firstChunk;
        ulong _seed;
        Kind _kind;
        Bits _bits;
        SimdWidth _width;

        public void Set(float* dst, int length, int firstChunk, ulong seed, Kind kind, Bits bits, SimdWidth width)
        {
            _dst = dst;
            (_length, _firstChunk, _seed, _kind, _bits, _width) = (length, firstChunk, seed, kind, bits, width);
        }

        public void SetSample(float* mu, float* rho, float* w) { _mu = mu; _rho = rho; _w = w; }

        public void Clear() => _dst = _mu = _rho = _w = null;

        protected override void RunPart(int part)
        {
            int chunk = _firstChunk + part;
            int start = chunk * Chunk, count = Math.Min(Chunk, _length - start);
            switch (_width)
            {
                case SimdWidth.V512: FillChunk<Simd512, Vector512<float>>(_dst + start, count, _seed, chunk, _kind, _bits); break;
                case SimdWidth.V256: FillChunk<Simd256, Vector256<float>>(_dst + start, count, _seed, chunk, _kind, _bits); break;
                case SimdWidth.V128: FillChunk<Simd128, Vector128<float>>(_dst + start, count, _seed, chunk, _kind, _bits); break;
                default: FillChunk<SimdScalar, float>(_dst + start, count, _seed, chunk, _kind, _bits); break;
            }
            if (_mu != null)
            {
                var k = new SampleKernel { Mu = _mu + start, Rho = _rho + start, Epsilon = _dst + start, W = _w + start };
                ElementLoop.Run(ref k, count, _width);
            }
        }
    }

    /// <summary>The 4 × 8 lane state words of chunk c: splitmix64 outputs 32c … 32c+31 of the seed; word j of lane l at [8j + l].</summary>
    internal static void SeedLanes(ulong seed, int chunk, Span<ulong> state)
    {
        ulong z = seed + (ulong)chunk * 32UL * 0x9E3779B97F4A7C15UL;
        for (int l = 0; l < Lanes; l++)
            for (int j = 0; j < 4; j++)
                state[8 * j + l] = Xoshiro256.SplitMix(ref z);
    }

    static void FillChunk<TS, TV>(float* dst, int count, ulong seed, int chunk, Kind kind, Bits bits)
        where TS : struct, ISimd<TV> where TV : struct
    {
        ulong* state = stackalloc ulong[4 * Lanes];
        SeedLanes(seed, chunk, new Span<ulong>(state, 4 * Lanes));
        float* u1 = stackalloc float[BlockGroups * 16];
        float* u2 = stackalloc float[BlockGroups * 16];
        float* tail = stackalloc float[Group];
        int groups = (count + Group - 1) / Group;
        for (int g0 = 0; g0 < groups; g0 += BlockGroups)
        {
            int gs = Math.Min(BlockGroups, groups - g0);
            if (bits == Bits.Vector512) VectorBitsBlock(state, u1, u2, gs, kind);
            else if (bits == Bits.Vector) PortableVectorBitsBlock(state, u1, u2, gs, kind);
            else ScalarBitsBlock(state, u1, u2, gs, kind);
            for (int g = 0; g < gs; g++)
            {
                int offset = (g0 + g) * Group;
                bool full = offset + Group <= count;
                float* target = full ? dst + offset : tail;
                if (kind == Kind.Normal) BoxMuller<TS, TV>(u1 + 16 * g, u2 + 16 * g, target);
                else
                {
                    new ReadOnlySpan<float>(u2 + 16 * g, 16).CopyTo(new Span<float>(target, 16));
                    new ReadOnlySpan<float>(u1 + 16 * g, 16).CopyTo(new Span<float>(target + 16, 16));
                }
                if (!full) new ReadOnlySpan<float>(tail, count - offset).CopyTo(new Span<float>(dst + offset, count - offset));
            }
        }
    }

    /// <summary>16 pairs (u₁, u₂) → 16 values r·cos θ then 16 values r·sin θ, r = √(−2 ln u₁), θ = 2π(u₂ − ½) (see <see cref="FastMath"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void BoxMuller<TS, TV>(float* u1, float* u2, float* z) where TS : struct, ISimd<TV> where TV : struct
    {
        int w = TS.Width;
        TV minusTwo = TS.Splat(-2f), half = TS.Splat(0.5f);
        for (int q = 0; q < 16; q += w)
        {
            TV r = TS.Sqrt(TS.Mul(minusTwo, FastMath.Log<TS, TV>(TS.Load(u1 + q))));
            FastMath.CosSinTurns<TS, TV>(TS.Sub(TS.Load(u2 + q), half), out TV cos, out TV sin);
            TS.Store(TS.Mul(r, cos), z + q);
            TS.Store(TS.Mul(r, sin), z + 16 + q);
        }
    }

    // For a normal fill u1 holds (r >> 33 + 1)·2⁻³¹; for a uniform fill it holds (r >> 40)·2⁻²⁴.
    const float Scale31 = 1f / 2147483648f, Scale24 = 1f / 16777216f;

    static void VectorBitsBlock(ulong* state, float* u1, float* u2, int groups, Kind kind)
    {
        var s0 = Vector512.Load(state); var s1 = Vector512.Load(state + 8);
        var s2 = Vector512.Load(state + 16); var s3 = Vector512.Load(state + 24);
        var mask24 = Vector512.Create(0xFFFFFFUL);
        for (int g = 0; g < groups; g++)
        {
            var ra = Step(ref s0, ref s1, ref s2, ref s3);
            var rb = Step(ref s0, ref s1, ref s2, ref s3);
            Vector512<float> first = kind == Kind.Normal
                ? (Vector512.ConvertToSingle(Vector512.Narrow(ra >>> 33, rb >>> 33).AsInt32()) + Vector512<float>.One) * Scale31
                : Vector512.ConvertToSingle(Vector512.Narrow(ra >>> 40, rb >>> 40).AsInt32()) * Scale24;
            var second = Vector512.ConvertToSingle(Vector512.Narrow((ra >>> 8) & mask24, (rb >>> 8) & mask24).AsInt32()) * Scale24;
            first.Store(u1 + 16 * g);
            second.Store(u2 + 16 * g);
        }
        s0.Store(state); s1.Store(state + 8); s2.Store(state + 16); s3.Store(state + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<ulong> Step(ref Vector512<ulong> s0, ref Vector512<ulong> s1, ref Vector512<ulong> s2, ref Vector512<ulong> s3)
    {
        var x = s1 + (s1 << 2);                 // s1·5
        x = (x << 7) | (x >>> 57);              // rotl 7
        var result = x + (x << 3);              // ·9
        var t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
        s3 = (s3 << 45) | (s3 >>> 19);
        return result;
    }

    /// <summary>
    /// The same bits as <see cref="VectorBitsBlock"/> with Vector&lt;ulong&gt; of L = 2 or 4 lanes: the 8 lanes are
    /// 8/L vectors, and each pair of vectors narrows to 2L consecutive outputs (lanes in order). L = 8 would read past the
    /// state, so <see cref="PreferredBits"/> never picks this path then (an 8-lane Vector&lt;T&gt; means Vector512, picked first).
    /// </summary>
    static void PortableVectorBitsBlock(ulong* state, float* u1, float* u2, int groups, Kind kind)
    {
        int L = System.Numerics.Vector<ulong>.Count;
        var mask24 = new System.Numerics.Vector<ulong>(0xFFFFFFUL);
        var one = System.Numerics.Vector<float>.One;
        for (int v = 0; v < Lanes; v += 2 * L)
        {
            // lanes v … v + 2L − 1 as two vectors (x: lanes v…v+L−1, y: the next L)
            var x0 = Load(state, v); var x1 = Load(state + 8, v); var x2 = Load(state + 16, v); var x3 = Load(state + 24, v);
            var y0 = Load(state, v + L); var y1 = Load(state + 8, v + L); var y2 = Load(state + 16, v + L); var y3 = Load(state + 24, v + L);
            for (int g = 0; g < groups; g++)
                for (int half = 0; half < 2; half++)
                {
                    var rx = Step(ref x0, ref x1, ref x2, ref x3);
                    var ry = Step(ref y0, ref y1, ref y2, ref y3);
                    var first = kind == Kind.Normal
                        ? (System.Numerics.Vector.ConvertToSingle(System.Numerics.Vector.AsVectorInt32(System.Numerics.Vector.Narrow(rx >>> 33, ry >>> 33))) + one) * Scale31
                        : System.Numerics.Vector.ConvertToSingle(System.Numerics.Vector.AsVectorInt32(System.Numerics.Vector.Narrow(rx >>> 40, ry >>> 40))) * Scale24;
                    var second = System.Numerics.Vector.ConvertToSingle(System.Numerics.Vector.AsVectorInt32(System.Numerics.Vector.Narrow((rx >>> 8) & mask24, (ry >>> 8) & mask24))) * Scale24;
                    int i = 16 * g + 8 * half + v;
                    first.CopyTo(new Span<float>(u1 + i, 2 * L));
                    second.CopyTo(new Span<float>(u2 + i, 2 * L));
                }
            Store(x0, state, v); Store(x1, state + 8, v); Store(x2, state + 16, v); Store(x3, state + 24, v);
            Store(y0, state, v + L); Store(y1, state + 8, v + L); Store(y2, state + 16, v + L); Store(y3, state + 24, v + L);
        }

        static System.Numerics.Vector<ulong> Load(ulong* p, int at) => new(new ReadOnlySpan<ulong>(p + at, System.Numerics.Vector<ulong>.Count));
        static void Store(System.Numerics.Vector<ulong> x, ulong* p, int at) => x.CopyTo(new Span<ulong>(p + at, System.Numerics.Vector<ulong>.Count));

        static System.Numerics.Vector<ulong> Step(ref System.Numerics.Vector<ulong> s0, ref System.Numerics.Vector<ulong> s1, ref System.Numerics.Vector<ulong> s2, ref System.Numerics.Vector<ulong> s3)
        {
            var x = s1 + (s1 << 2);
            x = (x << 7) | (x >>> 57);
            var result = x + (x << 3);
            var t = s1 << 17;
            s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
            s3 = (s3 << 45) | (s3 >>> 19);
            return result;
        }
    }

    /// <summary>The same bits as <see cref="VectorBitsBlock"/> from 8 scalar generators (the portable path).</summary>
    static void ScalarBitsBlock(ulong* state, float* u1, float* u2, int groups, Kind kind)
    {
        for (int g = 0; g < groups; g++)
            for (int half = 0; half < 2; half++)
                for (int l = 0; l < Lanes; l++)
                {
                    ulong s0 = state[l], s1 = state[8 + l], s2 = state[16 + l], s3 = state[24 + l];
                    ulong r = System.Numerics.BitOperations.RotateLeft(s1 * 5, 7) * 9;
                    ulong t = s1 << 17;
                    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
                    s3 = System.Numerics.BitOperations.RotateLeft(s3, 45);
                    state[l] = s0; state[8 + l] = s1; state[16 + l] = s2; state[24 + l] = s3;
                    int i = 16 * g + 8 * half + l;
                    u1[i] = kind == Kind.Normal ? ((int)(r >> 33) + 1f) * Scale31 : (int)(r >> 40) * Scale24;
                    u2[i] = (int)((r >> 8) & 0xFFFFFF) * Scale24;
                }
    }
}
