namespace BnnCourse.Tests.Support;

/// <summary>
/// Central differences in double as the oracle for analytic gradients, with one Richardson step
/// D = (4·D(h/2) − D(h))/3, whose truncation error is O(h⁴). The function under test runs in float, so the
/// tolerance has two derived parts: a relative 2 % for the remaining truncation, and rounding: about 1e-6·(|f| + 1)
/// per float evaluation, amplified by the difference quotient to ≈ 3·1e-6·(|f| + 1)/h.
/// </summary>
internal static class GradientCheck
{
    /// <summary>
    /// For each index, compares the Richardson-extrapolated central difference of <paramref name="f"/> with respect to
    /// parameter[index] with analytic[index]. With <paramref name="skipKinks"/>, an index whose two one-sided
    /// differences disagree (a ReLU kink lies within ±h) is skipped; at least half the indices must remain.
    /// </summary>
    public static void Assert(string what, float[] parameter, ReadOnlySpan<float> analytic, Func<double> f, IEnumerable<int> indices,
        double h = 1e-2, double relative = 2e-2, bool skipKinks = false)
    {
        var grad = analytic.ToArray();
        int checkedCount = 0, total = 0;
        foreach (int i in indices)
        {
            total++;
            float original = parameter[i];
            double Difference(double step, out double fMax, out double oneSidedGap)
            {
                float plus = (float)(original + step), minus = (float)(original - step);
                parameter[i] = plus; double fPlus = f();
                parameter[i] = minus; double fMinus = f();
                parameter[i] = original; double f0 = f();
                fMax = Math.Max(Math.Max(Math.Abs(fPlus), Math.Abs(fMinus)), Math.Abs(f0));
                oneSidedGap = Math.Abs((fPlus - f0) / ((double)plus - original) - (f0 - fMinus) / ((double)original - minus));
                return (fPlus - fMinus) / ((double)plus - minus);
            }
            double d1 = Difference(h, out double scale1, out double gap1);
            double d2 = Difference(h / 2, out double scale2, out double gap2);
            double numeric = (4 * d2 - d1) / 3;
            double scale = Math.Max(scale1, scale2) + 1;
            double roundingTol = 3e-6 * scale / h;
            if (skipKinks && Math.Max(gap1, gap2) > 0.1 * Math.Max(Math.Abs(d1), 1e-3) + 10 * roundingTol) continue;
            checkedCount++;
            double tol = relative * Math.Max(Math.Abs(numeric), Math.Abs(grad[i])) + roundingTol + 1e-7;
            Xunit.Assert.True(Math.Abs(numeric - grad[i]) <= tol,
                $"{what}[{i}]: analytic {grad[i]:G6} vs central difference {numeric:G6} (tolerance {tol:G3})");
        }
        Xunit.Assert.True(2 * checkedCount >= total, $"{what}: only {checkedCount} of {total} indices away from kinks");
    }

    /// <summary>A spread of indices covering the start, the end and the middle of an array of length n.</summary>
    public static int[] Spread(int n, int count = 8)
    {
        if (n <= count) return Enumerable.Range(0, n).ToArray();
        return Enumerable.Range(0, count).Select(k => (int)((long)k * (n - 1) / (count - 1))).Distinct().ToArray();
    }
}
