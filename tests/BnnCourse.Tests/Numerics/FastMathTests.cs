using BnnCourse.Numerics;

namespace BnnCourse.Tests.Numerics;

public class FastMathTests
{
    const double Ulp = 1.0 / (1 << 23); // relative spacing of floats near 1 (2⁻²³)

    [Fact]
    public void Exp_of_nonpositive_arguments_is_within_2_ulp_and_rounds_subnormals_once()
    {
        for (double x = -104; x <= 0; x += 0.001953125)
        {
            double exact = Math.Exp((float)x);
            float got = FastMath.ExpNonPositive<SimdScalar, float>((float)x);
            // 2 ulp relative for normal results; below 2⁻¹²⁶ one subnormal step (1.4e-45) absolute
            Assert.True(Math.Abs(got - exact) <= 2 * Ulp * exact + 1.41e-45, $"exp({(float)x}) = {got}, exact {exact}");
        }
        Assert.Equal(1f, FastMath.ExpNonPositive<SimdScalar, float>(0f));
        Assert.Equal(0f, FastMath.ExpNonPositive<SimdScalar, float>(-200f));
    }

    [Fact]
    public void Log1p_on_the_unit_interval_is_within_2_ulp_even_for_tiny_arguments()
    {
        for (double e = -149; e <= 0; e += 0.0625)
        {
            float x = (float)Math.Pow(2, e);
            double exact = x < 1e-4 ? x - x * (double)x / 2 + Math.Pow(x, 3) / 3 - Math.Pow(x, 4) / 4 : Math.Log(1 + (double)x);
            float got = FastMath.Log1pUnit<SimdScalar, float>(x);
            Assert.True(Math.Abs(got - exact) <= 2 * Ulp * exact + 1.41e-45, $"log1p({x}) = {got}, exact {exact}");
        }
    }

    [Fact]
    public void Log_of_positive_normal_floats_is_within_2_ulp_of_its_magnitude()
    {
        for (double e = -125.9; e <= 127.9; e += 0.0137)
        {
            float y = (float)Math.Pow(2, e);
            double exact = Math.Log(y);
            float got = FastMath.Log<SimdScalar, float>(y);
            Assert.True(Math.Abs(got - exact) <= 2 * Ulp * Math.Max(Math.Abs(exact), 0.5), $"log({y}) = {got}, exact {exact}");
        }
        Assert.Equal(0f, FastMath.Log<SimdScalar, float>(1f));
    }

    [Fact]
    public void Cosine_and_sine_of_an_angle_in_turns_are_within_2_ulp_of_one()
    {
        for (int i = 0; i <= 1 << 16; i++)
        {
            float x = -0.5f + i / (float)(1 << 16);
            FastMath.CosSinTurns<SimdScalar, float>(x, out float c, out float s);
            double theta = 2 * Math.PI * x;
            Assert.True(Math.Abs(c - Math.Cos(theta)) <= 2 * Ulp && Math.Abs(s - Math.Sin(theta)) <= 2 * Ulp,
                $"x = {x}: cos {c} vs {Math.Cos(theta)}, sin {s} vs {Math.Sin(theta)}");
        }
    }
}
