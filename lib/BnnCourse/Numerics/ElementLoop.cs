using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BnnCourse.Numerics;

/// <summary>
/// An element-wise kernel: <see cref="Apply{TS, TV}"/> processes the elements i … i + width − 1 and returns a
/// per-lane contribution to a sum (or zero). The same body runs at every vector width and, for the tail, scalar.
/// </summary>
internal interface IElementKernel
{
    TV Apply<TS, TV>(nint i) where TS : struct, ISimd<TV> where TV : struct;
}

/// <summary>Runs an <see cref="IElementKernel"/> over n elements at a given width and sums what it returns in double.</summary>
internal static class ElementLoop
{
    public static double Run<TK>(ref TK kernel, int n, SimdWidth width) where TK : struct, IElementKernel => width switch
    {
        SimdWidth.V512 => Loop<TK, Simd512, Vector512<float>>(ref kernel, n),
        SimdWidth.V256 => Loop<TK, Simd256, Vector256<float>>(ref kernel, n),
        SimdWidth.V128 => Loop<TK, Simd128, Vector128<float>>(ref kernel, n),
        _ => Loop<TK, SimdScalar, float>(ref kernel, n),
    };

    const int FlushEvery = 64; // vector steps summed per lane in float before the partial sum moves to double

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double Loop<TK, TS, TV>(ref TK kernel, int n) where TK : struct, IElementKernel where TS : struct, ISimd<TV> where TV : struct
    {
        nint w = TS.Width, i = 0, last = n - w;
        double total = 0;
        while (i <= last)
        {
            TV partial = TS.Zero;
            nint stop = Math.Min(last, i + (FlushEvery - 1) * w);
            for (; i <= stop; i += w) partial = TS.Add(partial, kernel.Apply<TS, TV>(i));
            total += TS.SumToDouble(partial);
        }
        for (; i < n; i++) total += kernel.Apply<SimdScalar, float>(i);
        return total;
    }
}
