using BnnCourse.Numerics;

namespace BnnCourse.Tests.Support;

internal static class TestData
{
    public static float[] Normal(Xoshiro256 rng, int n, float scale = 1f)
    {
        var a = new float[n];
        rng.FillStandardNormal(a);
        for (int i = 0; i < n; i++) a[i] *= scale;
        return a;
    }

    public static float[] Uniform(Xoshiro256 rng, int n, float low, float high)
    {
        var a = new float[n];
        rng.FillUniform(a);
        for (int i = 0; i < n; i++) a[i] = low + (high - low) * a[i];
        return a;
    }

    /// <summary>Σ c ⊙ y in double: a linear read-out whose gradient with respect to y is c.</summary>
    public static double Dot(ReadOnlySpan<float> c, ReadOnlySpan<float> y)
    {
        double s = 0;
        for (int i = 0; i < c.Length; i++) s += (double)c[i] * y[i];
        return s;
    }
}
