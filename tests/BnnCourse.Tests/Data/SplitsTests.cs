using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Data;

public class SplitsTests
{
    [Fact]
    public void Permutation_contains_every_index_once()
    {
        var p = new Xoshiro256(1).Permutation(1000);
        Assert.Equal(Enumerable.Range(0, 1000), p.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), p); // 1/1000! chance of failing
    }

    [Fact]
    public void Permutation_puts_each_index_first_about_equally_often()
    {
        // 6000 permutations of 6 items: each count is Binomial(6000, 1/6), SE = sqrt(6000·(1/6)(5/6)) ≈ 28.9.
        var random = new Xoshiro256(2);
        var counts = new int[6];
        for (int k = 0; k < 6000; k++) counts[random.Permutation(6)[0]]++;
        Assert.All(counts, c => Assert.InRange(c, 1000 - 4 * 28.9, 1000 + 4 * 28.9));
    }

    [Fact]
    public void TrainTest_parts_are_disjoint_sorted_cover_everything_and_have_the_rounded_size()
    {
        var s = TrainTestSplit.Random(442, 0.1, new Xoshiro256(3));
        Assert.Equal(44, s.Test.Length);
        Assert.Equal(398, s.Train.Length);
        Assert.Empty(s.Train.Intersect(s.Test));
        Assert.Equal(Enumerable.Range(0, 442), s.Train.Concat(s.Test).Order());
        Assert.Equal(s.Train.Order(), s.Train);
        Assert.Equal(s.Test.Order(), s.Test);
    }

    [Fact]
    public void Same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var a = TrainTestSplit.Random(100, 0.2, new Xoshiro256(5));
        var b = TrainTestSplit.Random(100, 0.2, new Xoshiro256(5));
        var c = TrainTestSplit.Random(100, 0.2, new Xoshiro256(6));
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Test, c.Test);
        Assert.Equal(TrainTestSplit.KFold(50, 5, new Xoshiro256(9)).Select(f => f.Test), TrainTestSplit.KFold(50, 5, new Xoshiro256(9)).Select(f => f.Test));
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(442, 10)]
    [InlineData(7, 7)]
    public void KFold_test_folds_partition_the_indices_and_each_train_is_the_complement(int n, int k)
    {
        var folds = TrainTestSplit.KFold(n, k, new Xoshiro256(11));
        Assert.Equal(k, folds.Length);
        Assert.Equal(Enumerable.Range(0, n), folds.SelectMany(f => f.Test).Order());
        foreach (var f in folds)
        {
            Assert.Empty(f.Train.Intersect(f.Test));
            Assert.Equal(Enumerable.Range(0, n), f.Train.Concat(f.Test).Order());
            Assert.InRange(f.Test.Length, n / k, n / k + 1);
        }
    }

    [Fact]
    public void Invalid_arguments_name_the_parameter()
    {
        var r = new Xoshiro256(1);
        Assert.Equal("testFraction", Assert.Throws<ArgumentOutOfRangeException>(() => TrainTestSplit.Random(10, 1.0, r)).ParamName);
        Assert.Equal("testFraction", Assert.Throws<ArgumentOutOfRangeException>(() => TrainTestSplit.Random(10, double.NaN, r)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => TrainTestSplit.Random(3, 0.01, r)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => TrainTestSplit.KFold(10, 1, r)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => TrainTestSplit.KFold(3, 4, r)).ParamName);
    }

    [Fact]
    public void Dataset_split_keeps_inputs_and_targets_paired()
    {
        var x = new Matrix(20, 2);
        var y = new Matrix(20, 1);
        for (int i = 0; i < 20; i++) { x[i, 0] = i; x[i, 1] = -i; y[i, 0] = 100 + i; }
        var (train, test) = new RegressionDataset(x, y).Split(TrainTestSplit.Random(20, 0.25, new Xoshiro256(4)));
        Assert.Equal(15, train.Count);
        Assert.Equal(5, test.Count);
        for (int i = 0; i < test.Count; i++) Assert.Equal(test.X[i, 0] + 100, test.Y[i, 0]);
        var c = new ClassificationDataset(x, Enumerable.Range(0, 20).Select(i => i % 3).ToArray(), 3).Subset([5, 7]);
        Assert.Equal([2, 1], c.Labels);
        Assert.Equal([5f, -5f, 7f, -7f], c.X.Data);
        Assert.Equal([0f, 0f, 1f, 0f, 1f, 0f], c.OneHot().Data);
    }
}
