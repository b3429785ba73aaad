using System.Globalization;

namespace BnnCourse.Numerics;

/// <summary>
/// Argument checks for the public entry points: each throws an <see cref="ArgumentException"/> (or subclass)
/// whose message names the parameter and the offending value; a check of one value returns it, so it can sit in an
/// expression. Inner loops never call these.
/// </summary>
internal static class Require
{
    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    static string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static float Positive(float value, string name) => value > 0 && !float.IsInfinity(value) ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0, got {F(value)}.");

    public static int Positive(int value, string name) => value > 0 ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be > 0, got {value}.");

    public static float NonNegative(float value, string name) => value >= 0 && !float.IsInfinity(value) ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and ≥ 0, got {F(value)}.");

    public static float Finite(float value, string name) => float.IsFinite(value) ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite, got {F(value)}.");

    public static float OpenUnitInterval(float value, string name) => value > 0 && value < 1 ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in (0, 1), got {F(value)}.");

    public static float HalfOpenUnitInterval(float value, string name) => value >= 0 && value < 1 ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, 1), got {F(value)}.");

    public static int InRange(int value, int lowInclusive, int highInclusive, string name) => value >= lowInclusive && value <= highInclusive ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [{lowInclusive}, {highInclusive}], got {value}.");

    /// <summary>Every element finite; the message names the first offending index and value.</summary>
    public static void AllFinite(ReadOnlySpan<float> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new ArgumentException($"{name}[{i}] is {F(values[i])}; all values must be finite.", name);
    }

    /// <summary>Every element finite, by one vectorised pass (NaN and ∞ propagate through MaxMagnitude); the message names the first offender.</summary>
    public static void AllFiniteFast(ReadOnlySpan<float> values, string name)
    {
        if (!values.IsEmpty && !float.IsFinite(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values))) AllFinite(values, name);
    }

    /// <summary>Every element finite and &gt; 0.</summary>
    public static void AllPositive(ReadOnlySpan<float> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!(values[i] > 0) || float.IsInfinity(values[i]))
                throw new ArgumentOutOfRangeException(name, values[i], $"{name}[{i}] is {F(values[i])}; all values must be finite and > 0.");
    }

    /// <summary>
    /// a × b (both ≥ 0) as an array length; beyond the largest array, an <see cref="ArgumentOutOfRangeException"/> naming
    /// <paramref name="nameB"/> and both values (a bare <c>checked</c> product would throw an unnamed overflow).
    /// </summary>
    public static int ArrayLength(long a, long b, string nameA, string nameB)
    {
        long product = a * b; // both < 2^31, so the product fits a long
        if (product > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameB, b, $"{nameA} × {nameB} = {a} × {b} = {product} elements exceeds the largest array ({Array.MaxLength}).");
        return (int)product;
    }

    public static int Length(int actual, long expected, string name) => actual == expected ? actual
        : throw new ArgumentException($"{name} has {actual} elements but {expected} are needed.", name);
}
