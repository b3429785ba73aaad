namespace BnnCourse.Numerics;

/// <summary>
/// Single-precision matrix multiply on row-major spans, in the three forms a dense layer's forward and
/// backward passes need. All forms compute <c>C = op(A)·op(B) + beta·C</c> with beta ∈ {0, 1}.
/// </summary>
/// <remarks>
/// Results do not depend on the number of threads: every output element is summed over k in the same order
/// whatever the partition. (Reference implementation; the tuned kernels replace the bodies, not the contract.)
/// </remarks>
public static class Gemm
{
    /// <summary>C[m×n] (+)= A[m×k] · B[k×n] (accumulate: C += A·B, else C = A·B). Forward pass of a dense layer: Y = X·W.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a.Length, (long)m * k, nameof(a)); Check(b.Length, (long)k * n, nameof(b)); Check(c.Length, (long)m * n, nameof(c));
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            if (!accumulate) ci.Clear();
            for (int p = 0; p < k; p++)
            {
                float aip = a[i * k + p];
                var bp = b.Slice(p * n, n);
                for (int j = 0; j < n; j++) ci[j] += aip * bp[j];
            }
        }
    }

    /// <summary>C[m×n] (+)= A[m×k] · B[n×k]ᵀ. Backward to the inputs of a dense layer: dX = dY·Wᵀ.</summary>
    public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a.Length, (long)m * k, nameof(a)); Check(b.Length, (long)n * k, nameof(b)); Check(c.Length, (long)m * n, nameof(c));
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
                c[i * n + j] = accumulate ? c[i * n + j] + s : s;
            }
    }

    /// <summary>C[m×n] (+)= A[k×m]ᵀ · B[k×n]. Backward to the weights of a dense layer: dW = Xᵀ·dY.</summary>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        Check(a.Length, (long)k * m, nameof(a)); Check(b.Length, (long)k * n, nameof(b)); Check(c.Length, (long)m * n, nameof(c));
        if (!accumulate) c.Clear();
        for (int p = 0; p < k; p++)
            for (int i = 0; i < m; i++)
            {
                float api = a[p * m + i];
                for (int j = 0; j < n; j++) c[i * n + j] += api * b[p * n + j];
            }
    }

    static void Check(int actual, long expected, string name)
    {
        if (actual < expected)
            throw new ArgumentException($"{name} has {actual} elements but the shapes need {expected}.", name);
    }
}
