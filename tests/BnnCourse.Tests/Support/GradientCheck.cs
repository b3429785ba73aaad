namespace BnnCourse.Tests.Support;

/// <summary>
/// Central differences in double as the oracle for analytic gradients. The function under test runs in float, so
/// the tolerance has two derived parts: truncation (relative, O(h²) for smooth functions: 2 % at the steps used)
/// and rounding (the float evaluation error, about 1e-6·(|f| + 1) per evaluation, divided by 2h).
/// </summary>
internal static class GradientCheck
{
    /// <summary>
    /// For each index, perturbs parameter[index] by ±h (as floats), evaluates <paramref name="f"/> (double), and
    /// compares (f⁺ − f⁻)/(θ⁺ − θ⁻) with analytic[index].
    /// </summary>
    public static void Assert(string what, float[] parameter, ReadOnlySpan<float> analytic, Func<double> f, IEnumerable<int> indices, double h = 1e-2, double relative = 2e-2)
    {
        var grad = analytic.ToArray();
        foreach (int i in indices)
        {
            float original = parameter[i];
            float plus = (float)(original + h), minus = (float)(original - h);
            parameter[i] = plus; double fPlus = f();
            parameter[i] = minus; double fMinus = f();
            parameter[i] = original;
            double numeric = (fPlus - fMinus) / ((double)plus - minus);
            double scale = Math.Max(Math.Abs(fPlus), Math.Abs(fMinus)) + 1;
            double tol = relative * Math.Max(Math.Abs(numeric), Math.Abs(grad[i])) + 1e-6 * scale / h + 1e-7;
            Xunit.Assert.True(Math.Abs(numeric - grad[i]) <= tol,
                $"{what}[{i}]: analytic {grad[i]:G6} vs central difference {numeric:G6} (tolerance {tol:G3})");
        }
    }

    /// <summary>A spread of indices covering the start, the end and the middle of an array of length n.</summary>
    public static int[] Spread(int n, int count = 8)
    {
        if (n <= count) return Enumerable.Range(0, n).ToArray();
        return Enumerable.Range(0, count).Select(k => (int)((long)k * (n - 1) / (count - 1))).Distinct().ToArray();
    }
}
