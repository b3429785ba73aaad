using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BnnCourse.Numerics;

/// <summary>The vector widths the kernels can run at. <see cref="Simd.Preferred"/> is the widest the hardware accelerates.</summary>
internal enum SimdWidth
{
    /// <summary>One float at a time (plain scalar code, the portable fallback).</summary>
    Scalar = 1,
    /// <summary>Vector128: SSE on x64, NEON on ARM64.</summary>
    V128 = 4,
    /// <summary>Vector256: AVX2.</summary>
    V256 = 8,
    /// <summary>Vector512: AVX-512.</summary>
    V512 = 16,
}

/// <summary>
/// The vector operations the kernels are written against, one implementation per width. A kernel is a generic
/// method over <c>TS : ISimd&lt;TV&gt;</c>; the JIT compiles one specialised copy per width, so the same source serves
/// AVX-512, AVX2, NEON and scalar code. Every operation is lane-wise and IEEE-exact (no library transcendentals:
/// exponentials and logarithms come from <see cref="FastMath"/>), so a lane computes bit for bit what the scalar
/// code computes for that element, and results do not depend on the width.
/// </summary>
internal unsafe interface ISimd<TV> where TV : struct
{
    static abstract int Width { get; }
    static abstract TV Zero { get; }
    static abstract TV Load(float* p);
    static abstract void Store(TV v, float* p);
    static abstract TV Splat(float x);
    /// <summary>
    /// a·b + c rounded once (IEEE fused multiply-add) at every width: in hardware where the CPU has FMA, in software
    /// otherwise (slow, e.g. under DOTNET_EnableAVX2=0, but the same bits, so results never depend on the instruction set).
    /// </summary>
    static abstract TV MulAdd(TV a, TV b, TV c);
    static abstract TV Add(TV a, TV b);
    static abstract TV Sub(TV a, TV b);
    static abstract TV Mul(TV a, TV b);
    static abstract TV Div(TV a, TV b);
    static abstract TV Sqrt(TV a);
    static abstract TV Min(TV a, TV b);
    static abstract TV Max(TV a, TV b);
    static abstract TV Abs(TV a);
    static abstract TV Neg(TV a);
    /// <summary>Lane-wise a &lt; b ? x : y.</summary>
    static abstract TV SelectLess(TV a, TV b, TV x, TV y);
    /// <summary>Lane-wise a == b ? x : y.</summary>
    static abstract TV SelectEqual(TV a, TV b, TV x, TV y);
    /// <summary>Round to the nearest integer, ties to even.</summary>
    static abstract TV Round(TV a);
    /// <summary>x·2ⁿ for integral n in [−126, 127], by building 2ⁿ from its exponent bits.</summary>
    static abstract TV ScaleB(TV x, TV n);
    /// <summary>For a positive normal x: the mantissa m ∈ [1, 2) with x = m·2ᵉ.</summary>
    static abstract TV Mantissa(TV x);
    /// <summary>For a positive normal x: the exponent e (as a float) with x = m·2ᵉ, m ∈ [1, 2).</summary>
    static abstract TV Exponent(TV x);
    /// <summary>Sum of the lanes in double (reductions are accumulated per lane in float, then summed in double).</summary>
    static abstract double SumToDouble(TV a);
}

/// <summary>AVX-512 (16 floats).</summary>
internal readonly unsafe struct Simd512 : ISimd<Vector512<float>>
{
    public static int Width => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* p) => Vector512.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> v, float* p) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float x) => Vector512.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sub(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Mul(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Div(Vector512<float> a, Vector512<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sqrt(Vector512<float> a) => Vector512.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) => Vector512.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Abs(Vector512<float> a) => Vector512.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Neg(Vector512<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Round(Vector512<float> a) => Vector512.Round(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> ScaleB(Vector512<float> x, Vector512<float> n) => x * ((Vector512.ConvertToInt32(n) + Vector512.Create(127)) << 23).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Mantissa(Vector512<float> x) => ((x.AsInt32() & Vector512.Create(0x7FFFFF)) | Vector512.Create(0x3F800000)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Exponent(Vector512<float> x) => Vector512.ConvertToSingle((x.AsInt32() >>> 23) - Vector512.Create(127));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> SelectLess(Vector512<float> a, Vector512<float> b, Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.LessThan(a, b), x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> SelectEqual(Vector512<float> a, Vector512<float> b, Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.Equals(a, b), x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumToDouble(Vector512<float> a) => Simd256.SumToDouble(a.GetLower()) + Simd256.SumToDouble(a.GetUpper());
}

/// <summary>AVX2 (8 floats).</summary>
internal readonly unsafe struct Simd256 : ISimd<Vector256<float>>
{
    public static int Width => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* p) => Vector256.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> v, float* p) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sub(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Mul(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Div(Vector256<float> a, Vector256<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sqrt(Vector256<float> a) => Vector256.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Vector256.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Abs(Vector256<float> a) => Vector256.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Neg(Vector256<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Round(Vector256<float> a) => Vector256.Round(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> ScaleB(Vector256<float> x, Vector256<float> n) => x * ((Vector256.ConvertToInt32(n) + Vector256.Create(127)) << 23).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Mantissa(Vector256<float> x) => ((x.AsInt32() & Vector256.Create(0x7FFFFF)) | Vector256.Create(0x3F800000)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Exponent(Vector256<float> x) => Vector256.ConvertToSingle((x.AsInt32() >>> 23) - Vector256.Create(127));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> SelectLess(Vector256<float> a, Vector256<float> b, Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.LessThan(a, b), x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> SelectEqual(Vector256<float> a, Vector256<float> b, Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.Equals(a, b), x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumToDouble(Vector256<float> a) => Simd128.SumToDouble(a.GetLower()) + Simd128.SumToDouble(a.GetUpper());
}

/// <summary>SSE / NEON (4 floats).</summary>
internal readonly unsafe struct Simd128 : ISimd<Vector128<float>>
{
    public static int Width => Vector128<float>.Count;
    public static Vector128<float> Zero => Vector128<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(float* p) => Vector128.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> v, float* p) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Splat(float x) => Vector128.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sub(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Mul(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Div(Vector128<float> a, Vector128<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sqrt(Vector128<float> a) => Vector128.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Min(Vector128<float> a, Vector128<float> b) => Vector128.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Abs(Vector128<float> a) => Vector128.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Neg(Vector128<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Round(Vector128<float> a) => Vector128.Round(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> ScaleB(Vector128<float> x, Vector128<float> n) => x * ((Vector128.ConvertToInt32(n) + Vector128.Create(127)) << 23).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Mantissa(Vector128<float> x) => ((x.AsInt32() & Vector128.Create(0x7FFFFF)) | Vector128.Create(0x3F800000)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Exponent(Vector128<float> x) => Vector128.ConvertToSingle((x.AsInt32() >>> 23) - Vector128.Create(127));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> SelectLess(Vector128<float> a, Vector128<float> b, Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.LessThan(a, b), x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> SelectEqual(Vector128<float> a, Vector128<float> b, Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.Equals(a, b), x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumToDouble(Vector128<float> a) => ((double)a.GetElement(0) + a.GetElement(1)) + ((double)a.GetElement(2) + a.GetElement(3));
}

/// <summary>Plain scalar code: the fallback on hardware without usable vectors, and the reference the tests run.</summary>
internal readonly unsafe struct SimdScalar : ISimd<float>
{
    public static int Width => 1;
    public static float Zero => 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(float* p) => *p;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float v, float* p) => *p = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Splat(float x) => x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MulAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sub(float a, float b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Mul(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Div(float a, float b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sqrt(float a) => MathF.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Min(float a, float b) => MathF.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Max(float a, float b) => MathF.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Abs(float a) => MathF.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Neg(float a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Round(float a) => MathF.Round(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float ScaleB(float x, float n) => x * BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Mantissa(float x) => BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(x) & 0x7FFFFF) | 0x3F800000);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Exponent(float x) => (BitConverter.SingleToInt32Bits(x) >>> 23) - 127;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float SelectLess(float a, float b, float x, float y) => a < b ? x : y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float SelectEqual(float a, float b, float x, float y) => a == b ? x : y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double SumToDouble(float a) => a;
}

/// <summary>Chooses the vector width and the number of threads the kernels use.</summary>
internal static class Simd
{
    /// <summary>The widest width the hardware accelerates (Vector512 on AVX-512, Vector256 on AVX2, Vector128 on NEON/SSE).</summary>
    public static readonly SimdWidth Preferred =
        Vector512.IsHardwareAccelerated ? SimdWidth.V512 :
        Vector256.IsHardwareAccelerated ? SimdWidth.V256 :
        Vector128.IsHardwareAccelerated ? SimdWidth.V128 : SimdWidth.Scalar;

    /// <summary>Every width, narrowest first (all run correctly everywhere; unaccelerated ones are merely slow).</summary>
    public static readonly SimdWidth[] All = [SimdWidth.Scalar, SimdWidth.V128, SimdWidth.V256, SimdWidth.V512];

    static readonly int s_defaultThreads = Math.Clamp(Environment.ProcessorCount, 1, 8);
    [ThreadStatic] static int t_threads;

    /// <summary>
    /// Threads the parallel kernels called from this thread may use: the core count (at most 8) unless set. Setting
    /// it affects only calls made on the calling thread (tests running in parallel set 1 or 2 to prove the results do
    /// not depend on it, without disturbing each other); values below 1 restore the default.
    /// </summary>
    public static int MaxThreads
    {
        get => t_threads > 0 ? t_threads : s_defaultThreads;
        set => t_threads = value;
    }
}
