using System.Numerics.Tensors;
using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>Small row-wise helpers shared by the dense layers.</summary>
internal static class RowOps
{
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

    /// <summary>Independent random signs ±1 (one bit of the generator each).</summary>
    public static void FillRandomSigns(Xoshiro256 rng, Span<float> signs)
    {
        for (int i = 0; i < signs.Length; i += 64)
        {
            ulong bits = rng.NextUInt64();
            int n = Math.Min(64, signs.Length - i);
            for (int j = 0; j < n; j++, bits >>= 1) signs[i + j] = (bits & 1) == 0 ? 1f : -1f;
        }
    }
}
