using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BnnCourse.Numerics;

// Over 250 lines on purpose: one packed, blocked kernel (packing, micro-kernel, edge tiles, the three transposition
// forms and the row-parallel split) that only makes sense read together.

/// <summary>
/// Single-precision matrix multiply on row-major spans, in the three forms a dense layer's forward and
/// backward passes need. All forms compute <c>C = op(A)·op(B) + beta·C</c> with beta ∈ {0, 1}.
/// </summary>
/// <remarks>
/// <para>
/// A packed, blocked kernel in the style of BLIS (Van Zee and van de Geijn 2015): B is copied into panels
/// <c>NR</c> columns wide, and a register-tiled micro-kernel computes a 6 × NR block of C with fused
/// multiply-adds, NR being two vectors (32 floats with AVX-512, 16 with AVX2, 8 with NEON/SSE, 2 scalar).
/// </para>
/// <para>
/// Results do not depend on the number of threads or on the vector width: large products are split over
/// threads by blocks of the OUTPUT, never of k, and every output element is summed over k in the same
/// order (k in fixed blocks of 256, each summed in order, then added to C) whatever the partition.
/// Products below about 4 MFLOP run on the calling thread only.
/// </para>
/// <para>C must not overlap A or B.</para>
/// </remarks>
internal static class Gemm
{
    /// <summary>C[m×n] (+)= A[m×k] · B[k×n] (accumulate: C += A·B, else C = A·B). Forward pass of a dense layer: Y = X·W.</summary>
    /// <exception cref="ArgumentException">a negative dimension, or a span shorter than its shape needs.</exception>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Validate(a.Length, (long)m * k, b.Length, (long)k * n, c.Length, m, k, n);
        Run(GemmForm.NN, Simd.Preferred, Simd.MaxThreads, a, b, c, m, k, n, accumulate);
    }

    /// <summary>C[m×n] (+)= A[m×k] · B[n×k]ᵀ. Backward to the inputs of a dense layer: dX = dY·Wᵀ.</summary>
    /// <exception cref="ArgumentException">a negative dimension, or a span shorter than its shape needs.</exception>
    public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Validate(a.Length, (long)m * k, b.Length, (long)n * k, c.Length, m, k, n);
        Run(GemmForm.NT, Simd.Preferred, Simd.MaxThreads, a, b, c, m, k, n, accumulate);
    }

    /// <summary>C[m×n] (+)= A[k×m]ᵀ · B[k×n]. Backward to the weights of a dense layer: dW = Xᵀ·dY.</summary>
    /// <exception cref="ArgumentException">a negative dimension, or a span shorter than its shape needs.</exception>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Validate(a.Length, (long)k * m, b.Length, (long)k * n, c.Length, m, k, n);
        Run(GemmForm.TN, Simd.Preferred, Simd.MaxThreads, a, b, c, m, k, n, accumulate);
    }

    static void Validate(int aLength, long aNeeds, int bLength, long bNeeds, int cLength, int m, int k, int n)
    {
        if (m < 0) throw new ArgumentOutOfRangeException(nameof(m), m, "m must be ≥ 0.");
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be ≥ 0.");
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be ≥ 0.");
        Check(aLength, aNeeds, "a");
        Check(bLength, bNeeds, "b");
        Check(cLength, (long)m * n, "c");
    }

    static void Check(int actual, long expected, string name)
    {
        if (actual < expected)
            throw new ArgumentException($"{name} has {actual} elements but the shapes need {expected}.", name);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Driver

    internal const int MR = 6;          // rows of C per micro-kernel
    internal const int KC = 256;        // k block: fixed, so the summation order never depends on the partition
    const int NC = 512;                 // columns of B packed at once (a KC × NC block of B is 512 KB)
    const long ParallelFlops = 1L << 22; // below about 4 MFLOP a product stays on the calling thread

    /// <summary>Runs one product with an explicit vector width and thread budget (the public methods use the fastest).</summary>
    internal static unsafe void Run(GemmForm form, SimdWidth width, int threads, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) c[..(m * n)].Clear();
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = t_job ??= new GemmJob();
            job.Set(form, width, pa, pb, pc, m, k, n, accumulate);
            int parts = 2.0 * m * k * n < ParallelFlops ? 1 : Math.Max(1, threads);
            job.Partition(parts);
            job.Run(job.Parts, threads - 1);
            job.Clear();
        }
    }

    [ThreadStatic] static GemmJob? t_job;

    /// <summary>One product split into rectangular blocks of C, one block per part.</summary>
    sealed unsafe class GemmJob : PartitionedJob
    {
        GemmForm _form;
        SimdWidth _width;
        float* _a, _b, _c;
        int _m, _k, _n;
        bool _accumulate;
        bool _splitRows;
        public int Parts;
        // packing buffers per part (not per thread: whichever thread runs a part uses that part's buffers, so a
        // new thread-pool thread never makes a product allocate)
        float[]?[] _packB = [], _packA = [];

        public void Set(GemmForm form, SimdWidth width, float* a, float* b, float* c, int m, int k, int n, bool accumulate)
        {
            _a = a; _b = b; _c = c;
            (_form, _width, _m, _k, _n, _accumulate) = (form, width, m, k, n, accumulate);
        }

        public void Clear() { _a = _b = _c = null; }

        /// <summary>Splits C by rows (units of MR) or by columns (units of one vector), whichever leaves the least padded work per part.</summary>
        public void Partition(int parts)
        {
            int w = (int)_width;
            int rowUnits = (_m + MR - 1) / MR, colUnits = (_n + w - 1) / w;
            if (parts <= 1) { Parts = 1; _splitRows = true; }
            else
            {
                long byRows = (long)Math.Min(rowUnits, (rowUnits + parts - 1) / parts) * MR * PaddedColumns(_n, w) + (long)_n;
                long byCols = (long)((_m + MR - 1) / MR * MR) * PaddedColumns(Math.Min(_n, (colUnits + parts - 1) / parts * w), w) + (long)_m;
                _splitRows = byRows <= byCols;
                Parts = Math.Min(parts, _splitRows ? rowUnits : colUnits);
            }
            if (_packB.Length < Parts) { Array.Resize(ref _packB, Parts); Array.Resize(ref _packA, Parts); }
        }

        static float* Buffer(ref float[]? buffer, int length)
        {
            if (buffer == null || buffer.Length < length) buffer = GC.AllocateUninitializedArray<float>(length, pinned: true);
            return (float*)Unsafe.AsPointer(ref buffer[0]);
        }

        static long PaddedColumns(int cols, int w)
        {
            int nr = 2 * w, rem = cols % nr;
            return cols / nr * nr + (rem == 0 ? 0 : rem <= w ? w : nr);
        }

        protected override void RunPart(int part)
        {
            int w = (int)_width;
            int m0 = 0, m1 = _m, n0 = 0, n1 = _n;
            if (_splitRows)
            {
                int units = (_m + MR - 1) / MR;
                m0 = Math.Min(_m, (int)((long)units * part / Parts) * MR);
                m1 = Math.Min(_m, (int)((long)units * (part + 1) / Parts) * MR);
            }
            else
            {
                int units = (_n + w - 1) / w;
                n0 = Math.Min(_n, (int)((long)units * part / Parts) * w);
                n1 = Math.Min(_n, (int)((long)units * (part + 1) / Parts) * w);
            }
            if (m0 >= m1 || n0 >= n1) return;
            switch (_width)
            {
                case SimdWidth.V512: Block<Simd512, Vector512<float>>(part, m0, m1, n0, n1); break;
                case SimdWidth.V256: Block<Simd256, Vector256<float>>(part, m0, m1, n0, n1); break;
                case SimdWidth.V128: Block<Simd128, Vector128<float>>(part, m0, m1, n0, n1); break;
                default: Block<SimdScalar, float>(part, m0, m1, n0, n1); break;
            }
        }

        /// <summary>C[m0..m1, n0..n1] for the whole k range, k block by k block.</summary>
        void Block<TS, TV>(int part, int m0, int m1, int n0, int n1) where TS : struct, ISimd<TV> where TV : struct
        {
            int w = TS.Width, nr = 2 * w;
            float* packB = Buffer(ref _packB[part], KC * (NC + 32));
            float* packA = Buffer(ref _packA[part], KC * MR);
            float* tile = stackalloc float[MR * 32];   // edge tiles go through here (once per call, not per tile)
            for (int jc = n0; jc < n1; jc += NC)
            {
                int nc = Math.Min(NC, n1 - jc);
                for (int pc = 0; pc < _k; pc += KC)
                {
                    int kc = Math.Min(KC, _k - pc);
                    bool add = _accumulate || pc > 0;
                    PackB(packB, pc, kc, jc, nc, w);
                    for (int ic = m0; ic < m1; ic += MR)
                    {
                        int rows = Math.Min(MR, m1 - ic);
                        float* ap; nint rs, cs;
                        if (_form == GemmForm.TN || rows < MR)
                        {
                            PackA(packA, ic, rows, pc, kc);
                            ap = packA; rs = 1; cs = MR;
                        }
                        else
                        {
                            ap = _a + (nint)ic * _k + pc; rs = _k; cs = 1;
                        }
                        float* bp = packB;
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int cols = Math.Min(nr, nc - jr);
                            float* cTile = _c + (nint)ic * _n + jc + jr;
                            if (cols > w)
                            {
                                Tile2<TS, TV>(kc, ap, rs, cs, bp, cTile, _n, rows, cols, add, tile);
                                bp += kc * nr;
                            }
                            else
                            {
                                Tile1<TS, TV>(kc, ap, rs, cs, bp, cTile, _n, rows, cols, add, tile);
                                bp += kc * w;
                            }
                        }
                    }
                }
            }
        }

        /// <summary>Copies B[pc..pc+kc, jc..jc+nc] (op(B), k × n) into panels of 2w columns (w for a last panel of ≤ w), p-major, zero-padded.</summary>
        void PackB(float* dst, int pc, int kc, int jc, int nc, int w)
        {
            int nr = 2 * w;
            for (int jr = 0; jr < nc; jr += nr)
            {
                int cols = Math.Min(nr, nc - jr), width = cols > w ? nr : w;
                int j0 = jc + jr;
                if (_form == GemmForm.NT)
                {
                    // B is n × k: column j of op(B) is row j of B. Write the panel contiguously and read the
                    // `cols` rows as parallel streams (the other order rewrites the whole panel once per column).
                    nint ldb = _k;
                    for (int p = 0; p < kc; p++)
                    {
                        float* src = _b + (nint)j0 * ldb + pc + p;
                        float* d = dst + p * width;
                        int jj = 0;
                        for (; jj + 4 <= cols; jj += 4)
                        {
                            d[jj] = src[jj * ldb]; d[jj + 1] = src[(jj + 1) * ldb];
                            d[jj + 2] = src[(jj + 2) * ldb]; d[jj + 3] = src[(jj + 3) * ldb];
                        }
                        for (; jj < cols; jj++) d[jj] = src[jj * ldb];
                        for (; jj < width; jj++) d[jj] = 0f;
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* src = _b + (nint)(pc + p) * _n + j0;
                        float* d = dst + p * width;
                        new ReadOnlySpan<float>(src, cols).CopyTo(new Span<float>(d, cols));
                        if (cols < width) new Span<float>(d + cols, width - cols).Clear();
                    }
                }
                dst += kc * width;
            }
        }

        /// <summary>Copies rows ic..ic+rows of op(A), k columns pc..pc+kc, into a p-major MR-wide panel, zero-padded.</summary>
        void PackA(float* dst, int ic, int rows, int pc, int kc)
        {
            if (rows < MR) new Span<float>(dst, kc * MR).Clear();
            if (_form == GemmForm.TN)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = _a + (nint)(pc + p) * _m + ic;
                    for (int i = 0; i < rows; i++) dst[p * MR + i] = src[i];
                }
            }
            else
            {
                for (int i = 0; i < rows; i++)
                {
                    float* src = _a + (nint)(ic + i) * _k + pc;
                    for (int p = 0; p < kc; p++) dst[p * MR + i] = src[p];
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Micro-kernels: an MR × 2w (Tile2) or MR × w (Tile1) block of C from an A panel (element (i, p) at
    // a[i·rs + p·cs]) and a packed B panel (element (p, j) at b[p·width + j]).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Tile2<TS, TV>(int kc, float* a, nint rs, nint cs, float* b, float* c, int ldc, int rows, int cols, bool add, float* tile)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int w = TS.Width;
        if (rows == MR && cols == 2 * w) { Kernel2<TS, TV>(kc, a, rs, cs, b, c, ldc, add); return; }
        Kernel2<TS, TV>(kc, a, rs, cs, b, tile, 2 * w, false);
        CopyTile(tile, 2 * w, c, ldc, rows, cols, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Tile1<TS, TV>(int kc, float* a, nint rs, nint cs, float* b, float* c, int ldc, int rows, int cols, bool add, float* tile)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int w = TS.Width;
        if (rows == MR && cols == w) { Kernel1<TS, TV>(kc, a, rs, cs, b, c, ldc, add); return; }
        Kernel1<TS, TV>(kc, a, rs, cs, b, tile, w, false);
        CopyTile(tile, w, c, ldc, rows, cols, add);
    }

    static unsafe void CopyTile(float* tile, int ldt, float* c, int ldc, int rows, int cols, bool add)
    {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                c[(nint)i * ldc + j] = add ? c[(nint)i * ldc + j] + tile[i * ldt + j] : tile[i * ldt + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Kernel2<TS, TV>(int kc, float* a, nint rs, nint cs, float* b, float* c, nint ldc, bool add)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int w = TS.Width;
        nint r1 = rs, r2 = 2 * rs, r3 = 3 * rs, r4 = 4 * rs, r5 = 5 * rs;
        TV c00 = TS.Zero, c01 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c40 = TS.Zero, c41 = TS.Zero, c50 = TS.Zero, c51 = TS.Zero;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TS.Load(b), b1 = TS.Load(b + w);
            TV x = TS.Splat(a[0]); c00 = TS.MulAdd(x, b0, c00); c01 = TS.MulAdd(x, b1, c01);
            x = TS.Splat(a[r1]); c10 = TS.MulAdd(x, b0, c10); c11 = TS.MulAdd(x, b1, c11);
            x = TS.Splat(a[r2]); c20 = TS.MulAdd(x, b0, c20); c21 = TS.MulAdd(x, b1, c21);
            x = TS.Splat(a[r3]); c30 = TS.MulAdd(x, b0, c30); c31 = TS.MulAdd(x, b1, c31);
            x = TS.Splat(a[r4]); c40 = TS.MulAdd(x, b0, c40); c41 = TS.MulAdd(x, b1, c41);
            x = TS.Splat(a[r5]); c50 = TS.MulAdd(x, b0, c50); c51 = TS.MulAdd(x, b1, c51);
            a += cs;
            b += 2 * w;
        }
        Store2<TS, TV>(c, w, add, c00, c01); c += ldc;
        Store2<TS, TV>(c, w, add, c10, c11); c += ldc;
        Store2<TS, TV>(c, w, add, c20, c21); c += ldc;
        Store2<TS, TV>(c, w, add, c30, c31); c += ldc;
        Store2<TS, TV>(c, w, add, c40, c41); c += ldc;
        Store2<TS, TV>(c, w, add, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Store2<TS, TV>(float* c, int w, bool add, TV v0, TV v1) where TS : struct, ISimd<TV> where TV : struct
    {
        if (add) { v0 = TS.Add(TS.Load(c), v0); v1 = TS.Add(TS.Load(c + w), v1); }
        TS.Store(v0, c);
        TS.Store(v1, c + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Store1<TS, TV>(float* c, bool add, TV v) where TS : struct, ISimd<TV> where TV : struct
    {
        if (add) v = TS.Add(TS.Load(c), v);
        TS.Store(v, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Kernel1<TS, TV>(int kc, float* a, nint rs, nint cs, float* b, float* c, nint ldc, bool add)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int w = TS.Width;
        nint r1 = rs, r2 = 2 * rs, r3 = 3 * rs, r4 = 4 * rs, r5 = 5 * rs;
        TV c0 = TS.Zero, c1 = TS.Zero, c2 = TS.Zero, c3 = TS.Zero, c4 = TS.Zero, c5 = TS.Zero;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TS.Load(b);
            c0 = TS.MulAdd(TS.Splat(a[0]), b0, c0);
            c1 = TS.MulAdd(TS.Splat(a[r1]), b0, c1);
            c2 = TS.MulAdd(TS.Splat(a[r2]), b0, c2);
            c3 = TS.MulAdd(TS.Splat(a[r3]), b0, c3);
            c4 = TS.MulAdd(TS.Splat(a[r4]), b0, c4);
            c5 = TS.MulAdd(TS.Splat(a[r5]), b0, c5);
            a += cs;
            b += w;
        }
        Store1<TS, TV>(c, add, c0); c += ldc;
        Store1<TS, TV>(c, add, c1); c += ldc;
        Store1<TS, TV>(c, add, c2); c += ldc;
        Store1<TS, TV>(c, add, c3); c += ldc;
        Store1<TS, TV>(c, add, c4); c += ldc;
        Store1<TS, TV>(c, add, c5);
    }
}

/// <summary>Which operands of a product are transposed: NN = A·B, NT = A·Bᵀ, TN = Aᵀ·B.</summary>
internal enum GemmForm { NN, NT, TN }
