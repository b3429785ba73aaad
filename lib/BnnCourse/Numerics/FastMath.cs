using System.Runtime.CompilerServices;

namespace BnnCourse.Numerics;

/// <summary>
/// Exponential and logarithms for the element-wise kernels, from basic IEEE operations only (fused multiply-add,
/// division, rounding, exponent bits), so every width computes exactly the same bits as the scalar code. About
/// 1–2 ulp accurate (the tests check against double precision), and several times faster than the library's
/// vector Exp/Log, which evaluate in double precision.
/// </summary>
internal static class FastMath
{
    const float Log2E = 1.44269504088896341f;
    const float Ln2Hi = 0.693359375f;             // 355/512: n·Ln2Hi is exact for |n| < 2¹⁵
    const float Ln2Lo = -2.12194440e-4f;          // ln 2 − Ln2Hi

    /// <summary>eˣ for x ≤ 0 (0 below x = −104, subnormal results rounded once). Cody–Waite reduction x = n ln 2 + r, |r| ≤ ln2/2, Taylor degree 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpNonPositive<TS, TV>(TV x) where TS : struct, ISimd<TV> where TV : struct
    {
        x = TS.Max(x, TS.Splat(-104f));
        TV n = TS.Round(TS.Mul(x, TS.Splat(Log2E)));
        TV r = TS.MulAdd(n, TS.Splat(-Ln2Hi), x);
        r = TS.MulAdd(n, TS.Splat(-Ln2Lo), r);
        TV p = TS.MulAdd(r, TS.Splat(1f / 5040), TS.Splat(1f / 720));
        p = TS.MulAdd(p, r, TS.Splat(1f / 120));
        p = TS.MulAdd(p, r, TS.Splat(1f / 24));
        p = TS.MulAdd(p, r, TS.Splat(1f / 6));
        p = TS.MulAdd(p, r, TS.Splat(0.5f));
        p = TS.MulAdd(p, r, TS.Splat(1f));
        p = TS.MulAdd(p, r, TS.Splat(1f));
        // 2ⁿ in two factors, each ≥ 2⁻⁷⁵, so the first product stays normal and only the last one rounds
        TV n1 = TS.Round(TS.Mul(n, TS.Splat(0.5f)));
        return TS.ScaleB(TS.ScaleB(p, n1), TS.Sub(n, n1));
    }

    /// <summary>log(1 + x) for x ∈ [0, 1], accurate for tiny x: 2 atanh(s), s = x/(2 + x) ≤ 1/3, series to s¹⁵.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1pUnit<TS, TV>(TV x) where TS : struct, ISimd<TV> where TV : struct
    {
        TV d = TS.Div(TS.Splat(1f), TS.Add(TS.Splat(2f), x));
        TV s = TS.Mul(x, d);
        TV z = TS.Mul(s, s);
        TV p = TS.MulAdd(z, TS.Splat(1f / 15), TS.Splat(1f / 13));
        p = TS.MulAdd(p, z, TS.Splat(1f / 11));
        p = TS.MulAdd(p, z, TS.Splat(1f / 9));
        p = TS.MulAdd(p, z, TS.Splat(1f / 7));
        p = TS.MulAdd(p, z, TS.Splat(1f / 5));
        p = TS.MulAdd(p, z, TS.Splat(1f / 3));
        p = TS.MulAdd(p, z, TS.Splat(1f));
        // x·(2d·p) rather than 2s·p: for subnormal x, s = x/2 would round once more
        return TS.Mul(x, TS.Mul(TS.Add(d, d), p));
    }

    /// <summary>
    /// log y for a positive normal float y (finite nonsense for 0 and subnormals: callers select those lanes away):
    /// y = m·2ᵉ with m ∈ [√½, √2), log m = 2 atanh((m − 1)/(m + 1)) by its series to s¹¹.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log<TS, TV>(TV y) where TS : struct, ISimd<TV> where TV : struct
    {
        TV m = TS.Mantissa(y), e = TS.Exponent(y);
        TV big = TS.SelectLess(TS.Splat(1.41421356f), m, TS.Splat(1f), TS.Zero);
        m = TS.Mul(m, TS.Sub(TS.Splat(1f), TS.Mul(big, TS.Splat(0.5f))));  // m/2 where m > √2
        e = TS.Add(e, big);
        TV s = TS.Div(TS.Sub(m, TS.Splat(1f)), TS.Add(m, TS.Splat(1f)));
        TV z = TS.Mul(s, s);
        TV p = TS.MulAdd(z, TS.Splat(1f / 11), TS.Splat(1f / 9));
        p = TS.MulAdd(p, z, TS.Splat(1f / 7));
        p = TS.MulAdd(p, z, TS.Splat(1f / 5));
        p = TS.MulAdd(p, z, TS.Splat(1f / 3));
        p = TS.MulAdd(p, z, TS.Splat(1f));
        TV logM = TS.Mul(TS.Add(s, s), p);
        return TS.MulAdd(e, TS.Splat(Ln2Hi), TS.MulAdd(e, TS.Splat(Ln2Lo), logM));
    }

    /// <summary>
    /// cos θ and sin θ for θ = 2π·x, x ∈ [−½, ½] (an angle in turns). The reduction is exact: q = round(4x),
    /// f = x − q/4 ∈ [−⅛, ⅛] has no rounding error, a = 2πf ∈ [−π/4, π/4] gets Taylor polynomials (sin to a⁹,
    /// cos to a¹⁰), and the quarter turns q rotate the result by multiples of 90° (factors −1, 0, 1, exact).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CosSinTurns<TS, TV>(TV x, out TV cos, out TV sin) where TS : struct, ISimd<TV> where TV : struct
    {
        TV q = TS.Round(TS.Mul(x, TS.Splat(4f)));
        TV f = TS.MulAdd(q, TS.Splat(-0.25f), x);
        TV a = TS.Mul(f, TS.Splat(2f * MathF.PI));
        TV a2 = TS.Mul(a, a);
        TV ps = TS.MulAdd(a2, TS.Splat(1f / 362880), TS.Splat(-1f / 5040));
        ps = TS.MulAdd(ps, a2, TS.Splat(1f / 120));
        ps = TS.MulAdd(ps, a2, TS.Splat(-1f / 6));
        TV s = TS.MulAdd(TS.Mul(ps, a2), a, a);
        TV pc = TS.MulAdd(a2, TS.Splat(-1f / 3628800), TS.Splat(1f / 40320));
        pc = TS.MulAdd(pc, a2, TS.Splat(-1f / 720));
        pc = TS.MulAdd(pc, a2, TS.Splat(1f / 24));
        pc = TS.MulAdd(pc, a2, TS.Splat(-0.5f));
        TV c = TS.MulAdd(pc, a2, TS.Splat(1f));
        // θ = a + qπ/2: (cos, sin) rotated by (C, S) = (cos qπ/2, sin qπ/2) ∈ {(1,0), (0,±1), (−1,0)}
        TV absQ = TS.Abs(q);
        TV odd = TS.SelectEqual(absQ, TS.Splat(1f), TS.Splat(1f), TS.Zero);
        TV bigC = TS.Mul(TS.Sub(TS.Splat(1f), odd), TS.Sub(TS.Splat(1f), absQ));
        TV bigS = TS.Mul(odd, q);
        cos = TS.Sub(TS.Mul(c, bigC), TS.Mul(s, bigS));
        sin = TS.MulAdd(s, bigC, TS.Mul(c, bigS));
    }
}
