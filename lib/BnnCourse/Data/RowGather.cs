using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>Copies selected rows of a matrix.</summary>
static class RowGather
{
    public static Matrix Take(Matrix m, ReadOnlySpan<int> indices)
    {
        var r = new Matrix(indices.Length, m.Cols);
        for (int i = 0; i < indices.Length; i++)
        {
            int k = indices[i];
            if ((uint)k >= (uint)m.Rows)
                throw new ArgumentOutOfRangeException(nameof(indices), k, $"Row index {k} (position {i}) is outside [0, {m.Rows}).");
            m.Row(k).CopyTo(r.Row(i));
        }
        return r;
    }
}
