using System.Numerics.Tensors;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>Small row-wise helpers shared by the dense layers.</summary>
internal static class RowOps
{
    /// <summary>y = x·W + b for rows × <paramref name="inputs"/> inputs x and W [inputs × b.Length] row-major.</summary>
    public static void Affine(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y, int rows, int inputs)
    {
        Gemm.Multiply(x, w, y, rows, inputs, b.Length);
        AddToRows(y, b, rows);
    }

    /// <summary>y[r, :] += b for every row r.</summary>
    public static void AddToRows(Span<float> y, ReadOnlySpan<float> b, int rows)
    {
        int n = b.Length;
        for (int r = 0; r < rows; r++)
        {
            var row = y.Slice(r * n, n);
            TensorPrimitives.Add(row, b, row);
        }
    }

    /// <summary>g += Σ_r dy[r, :].</summary>
    public static void AddRowSums(ReadOnlySpan<float> dy, Span<float> g, int rows)
    {
        int n = g.Length;
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(g, dy.Slice(r * n, n), g);
    }

    /// <summary>g = Σ_r dy[r, :].</summary>
    public static void SumRows(ReadOnlySpan<float> dy, Span<float> g, int rows)
    {
        g.Clear();
        AddRowSums(dy, g, rows);
    }

    /// <summary>ε ~ N(0, I) from <paramref name="rng"/>, or ε = 0 without one (the mean weights).</summary>
    public static void FillStandardNormal(Xoshiro256? rng, Span<float> epsilon)
    {
        if (rng is null) epsilon.Clear();
        else rng.FillStandardNormal(epsilon);
    }

    /// <summary>Independent random signs ±1 (one bit of the generator each), or every sign +1 without a generator.</summary>
    public static void FillRandomSigns(Xoshiro256? rng, Span<float> signs)
    {
        if (rng is null) { signs.Fill(1f); return; }
        for (int i = 0; i < signs.Length; i += 64)
        {
            ulong bits = rng.NextUInt64();
            int n = Math.Min(64, signs.Length - i);
            for (int j = 0; j < n; j++, bits >>= 1) signs[i + j] = (bits & 1) == 0 ? 1f : -1f;
        }
    }
}
