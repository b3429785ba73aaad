using BnnCourse;
using BnnCourse.Numerics;
using BnnCourse.Tests.Support;

namespace BnnCourse.Tests.Training;

/// <summary>Sets the kernel thread count of the calling thread (Simd.MaxThreads is per thread), so it runs beside other tests.</summary>
public class ThreadCountDeterminismTests
{
    static float[][] Train(int threads, GradientEstimator estimator, Prior prior)
    {
        int saved = Simd.MaxThreads;
        try
        {
            Simd.MaxThreads = threads;
            // Large enough that the matrix products (> 4 MFLOP) and element-wise kernels (> 16384 weights) split over threads.
            var rng = new Xoshiro256(2026);
            var net = Network.BayesianMlp([200, 256, 256, 10], prior, rng, estimator);
            var objective = new FreeEnergy(net, Likelihood.Categorical(10));
            var trainer = new Trainer(objective, new Adam(objective.Parameters), 64);
            var x = new Matrix(128, 200, TestData.Normal(rng, 128 * 200));
            var y = new Matrix(128, 1, Enumerable.Range(0, 128).Select(i => (float)(i * 7 % 10)).ToArray());
            trainer.Fit(x, y, 2, rng);
            return net.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        }
        finally
        {
            Simd.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(GradientEstimator.WeightReparameterization, false)]
    [InlineData(GradientEstimator.WeightReparameterization, true)]
    [InlineData(GradientEstimator.LocalReparameterization, false)]
    [InlineData(GradientEstimator.Flipout, true)]
    public void The_same_seed_gives_bit_identical_parameters_on_one_and_two_threads(GradientEstimator estimator, bool mixture)
    {
        Prior prior = mixture ? Prior.ScaleMixture(0.5f, 1f, MathF.Exp(-6f)) : Prior.Gaussian(1f);
        var one = Train(1, estimator, prior);
        var two = Train(2, estimator, prior);
        for (int k = 0; k < one.Length; k++) Assert.Equal(one[k], two[k]);
    }
}
