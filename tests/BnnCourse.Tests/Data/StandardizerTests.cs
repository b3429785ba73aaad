using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Data;

public class StandardizerTests
{
    static readonly Matrix Train = Matrix.FromArray(new float[,] { { 1, 10, 5 }, { 2, 20, 5 }, { 3, 60, 5 }, { 6, 30, 5 } });

    [Fact]
    public void Fitted_columns_have_hand_computed_mean_and_population_std()
    {
        var s = Standardizer.Fit(Train);
        Assert.Equal([3.0, 30.0, 5.0], s.Mean);
        // column 0: deviations −2, −1, 0, 3 → variance 14/4; column 1: −20, −10, 30, 0 → 1400/4
        Assert.Equal(Math.Sqrt(3.5), s.Scale[0], 1e-12);
        Assert.Equal(Math.Sqrt(350), s.Scale[1], 1e-12);
        var z = s.Apply(Train);
        for (int j = 0; j < 2; j++)
        {
            double mean = 0, sq = 0;
            for (int i = 0; i < z.Rows; i++) { mean += z[i, j]; sq += z[i, j] * z[i, j]; }
            Assert.Equal(0, mean / z.Rows, 1e-6);
            Assert.Equal(1, sq / z.Rows, 1e-6);
        }
    }

    [Fact]
    public void Constant_column_is_centred_with_scale_one_and_never_divides_by_zero()
    {
        var s = Standardizer.Fit(Train);
        Assert.Equal([false, false, true], s.IsConstant);
        Assert.Equal(1.0, s.Scale[2]);
        var z = s.Apply(Matrix.FromArray(new float[,] { { 0, 0, 5 }, { 0, 0, 7 } }));
        Assert.Equal(0f, z[0, 2]);
        Assert.Equal(2f, z[1, 2]);
        Assert.All(z.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Apply_then_Invert_round_trips_to_float_precision()
    {
        var s = Standardizer.Fit(Train);
        var back = s.Invert(s.Apply(Train));
        for (int k = 0; k < Train.Data.Length; k++)
            Assert.Equal(Train.Data[k], back.Data[k], Math.Abs(Train.Data[k]) * 1e-6f);
    }

    [Fact]
    public void Predictive_std_and_variance_invert_by_scale_without_shift()
    {
        var s = Standardizer.Fit(Train);
        Assert.Equal(Math.Sqrt(3.5), s.InvertStd(1f, 0), 1e-5);
        Assert.Equal(3f, s.InvertStd(3f, 2));
        Assert.Equal(3.5, s.InvertVariance(1f, 0), 1e-5);
        Assert.Equal(3f, s.InvertMean(0f, 0));
        Assert.Equal(30 + Math.Sqrt(350), s.InvertMean(1f, 1), 1e-3);
        Assert.Equal(2 * Math.Sqrt(350), s.InvertStd(2f, 1), 1e-3);
        Assert.Equal(700, s.InvertVariance(2f, 1), 1e-3);
        Assert.Equal(0.5 * Math.Log(350), s.LogScale(1), 1e-12);
    }

    [Fact]
    public void Non_finite_values_are_rejected_with_their_position()
    {
        var bad = Train.Clone();
        bad[2, 1] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => Standardizer.Fit(bad));
        Assert.Equal("training", e.ParamName);
        Assert.Contains("[2, 1]", e.Message);
        bad[2, 1] = float.PositiveInfinity;
        e = Assert.Throws<ArgumentException>(() => Standardizer.Fit(Train).Apply(bad));
        Assert.Equal("x", e.ParamName);
    }

    [Fact]
    public void Shape_and_construction_errors_name_the_parameter()
    {
        var s = Standardizer.Fit(Train);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => s.Apply(new Matrix(2, 2))).ParamName);
        Assert.Equal("training", Assert.Throws<ArgumentException>(() => Standardizer.Fit(new Matrix(0, 3))).ParamName);
        Assert.Equal("scale", Assert.Throws<ArgumentException>(() => Standardizer.FromMeanScale([0.0], [0.0])).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.InvertMean(0f, 3));
    }

    [Fact]
    public void FromMeanScale_reproduces_a_fitted_standardiser()
    {
        var s = Standardizer.Fit(Train);
        var r = Standardizer.FromMeanScale(s.Mean.ToArray(), s.Scale.ToArray());
        Assert.Equal(s.Apply(Train).Data, r.Apply(Train).Data);
        Assert.Equal(Train.Data, Standardizer.Identity(3).Apply(Train).Data);
    }
}
