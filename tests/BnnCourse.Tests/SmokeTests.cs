using BnnCourse.Numerics;

namespace BnnCourse.Tests;

public class GemmReferenceTests
{
    [Fact]
    public void Two_by_two_product_matches_hand_computation()
    {
        float[] a = [1, 2, 3, 4], b = [5, 6, 7, 8], c = new float[4];
        Gemm.Multiply(a, b, c, 2, 2, 2);
        Assert.Equal([19f, 22f, 43f, 50f], c);
    }
}
