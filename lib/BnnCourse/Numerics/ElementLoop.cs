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

/// <summary>
/// Runs an <see cref="IElementKernel"/> over n elements at a given width and sums what it returns in double. Long
/// spans are cut into fixed chunks of <see cref="Chunk"/> elements, run on several threads, and the chunk sums are
/// added in chunk order, so every result (element-wise and summed) is the same for any number of threads.
/// </summary>
internal static class ElementLoop
{
    /// <summary>Elements per chunk (a multiple of every vector width).</summary>
    public const int Chunk = 16384;

    public static double Run<TK>(ref TK kernel, int n, SimdWidth width) where TK : struct, IElementKernel
        => Run(ref kernel, n, width, Simd.MaxThreads);

    public static double Run<TK>(ref TK kernel, int n, SimdWidth width, int threads) where TK : struct, IElementKernel
    {
        int chunks = (n + Chunk - 1) / Chunk;
        if (chunks <= 1) return Range(ref kernel, 0, n, width);
        if (threads <= 1)
        {
            double total = 0;
            for (int c = 0; c < chunks; c++) total += Range(ref kernel, c * Chunk, Math.Min(n, (c + 1) * Chunk), width);
            return total;
        }
        var job = ElementJob<TK>.ForThisThread;
        job.Set(kernel, n, width, chunks);
        job.Run(chunks, threads - 1);
        return job.Total(chunks);
    }

    static double Range<TK>(ref TK kernel, int start, int end, SimdWidth width) where TK : struct, IElementKernel => width switch
    {
        SimdWidth.V512 => Loop<TK, Simd512, Vector512<float>>(ref kernel, start, end),
        SimdWidth.V256 => Loop<TK, Simd256, Vector256<float>>(ref kernel, start, end),
        SimdWidth.V128 => Loop<TK, Simd128, Vector128<float>>(ref kernel, start, end),
        _ => Loop<TK, SimdScalar, float>(ref kernel, start, end),
    };

    const int FlushEvery = 64; // vector steps summed per lane in float before the partial sum moves to double

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double Loop<TK, TS, TV>(ref TK kernel, int start, int end) where TK : struct, IElementKernel where TS : struct, ISimd<TV> where TV : struct
    {
        nint w = TS.Width, i = start, last = end - w;
        double total = 0;
        while (i <= last)
        {
            TV partial = TS.Zero;
            nint stop = Math.Min(last, i + (FlushEvery - 1) * w);
            for (; i <= stop; i += w) partial = TS.Add(partial, kernel.Apply<TS, TV>(i));
            total += TS.SumToDouble(partial);
        }
        for (; i < end; i++) total += kernel.Apply<SimdScalar, float>(i);
        return total;
    }

    /// <summary>One chunk per part; the chunk sums are kept and added in order afterwards.</summary>
    sealed class ElementJob<TK> : PartitionedJob where TK : struct, IElementKernel
    {
        [ThreadStatic] static ElementJob<TK>? t_instance;
        public static ElementJob<TK> ForThisThread => t_instance ??= new ElementJob<TK>();

        TK _kernel;
        int _n;
        SimdWidth _width;
        double[] _sums = [];

        public void Set(in TK kernel, int n, SimdWidth width, int chunks)
        {
            (_kernel, _n, _width) = (kernel, n, width);
            if (_sums.Length < chunks) _sums = new double[chunks];
        }

        protected override void RunPart(int part)
        {
            var kernel = _kernel;
            _sums[part] = Range(ref kernel, part * Chunk, Math.Min(_n, (part + 1) * Chunk), _width);
        }

        public double Total(int chunks)
        {
            double total = 0;
            for (int c = 0; c < chunks; c++) total += _sums[c];
            _kernel = default;
            return total;
        }
    }
}
