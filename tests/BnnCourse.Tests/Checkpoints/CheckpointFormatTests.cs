using BnnCourse;
using BnnCourse.Data;

namespace BnnCourse.Tests.Checkpoints;

/// <summary>Pins format version 1 byte for byte: a file written before any refactoring still loads, and is written the same.</summary>
public sealed class CheckpointFormatTests
{
    /// <summary>Every layer code, both priors, both divergences, every estimator, both standardisers (one constant column), a description.</summary>
    static TrainedModel Pinned() => new(
        new Network(
            new BayesianDense(1, GaussianPosterior.FromMuRho([0.25f, -0.5f], [-3f, -4f]), GaussianPosterior.FromMuRho([0.125f, 0f], [-5f, -6f]),
                Prior.ScaleMixture(0.25f, 1f, 0.0625f), GradientEstimator.Flipout, KlDivergence.MonteCarlo),
            Activation.Tanh,
            new BayesianDense(2, GaussianPosterior.FromMuRho([1f, -1f], [-2f, -2.5f]), GaussianPosterior.FromMuRho([0.5f], [-7f]),
                Prior.Gaussian(0.75f), GradientEstimator.LocalReparameterization),
            Activation.ReLU,
            new BayesianDense(1, GaussianPosterior.FromMuRho([2f], [-1f]), GaussianPosterior.FromMuRho([0f], [-3f]), Prior.Gaussian(1f)),
            Dense.FromWeights(1, 1, [1.5f], [-0.25f])),
        Likelihood.LearnedGaussian(0.5f),
        Standardizer.FromParts([1.0], [2.0], [true]),
        Standardizer.FromMeanScale([-3.0], [0.5]),
        "pinned σ");

    /// <summary>The file <see cref="TrainedModel.Save"/> wrote for <see cref="Pinned"/> in format version 1 (hex).</summary>
    const string PinnedFile =
        "424E4E434B5054000100000005000000470100000000000001000000CF00000000000000060000000101000000020000000302020000803E"
        + "0000803F0000803D020000000000803E000000BF02000000000040C0000080C0020000000000003E00000000020000000000A0C00000C0C0"
        + "040102000000010000000201010000403F020000000000803F000080BF02000000000000C0000020C0010000000000003F010000000000E0"
        + "C0030101000000010000000101010000803F010000000000004001000000000080BF010000000000000001000000000040C0020100000001"
        + "000000010000000000C03F01000000000080BE02000000050000000000000002B091DDBE0300000015000000000000000100000000000000"
        + "0000F03F0000000000000040010400000015000000000000000100000000000000000008C0000000000000E03F00050000000D0000000000"
        + "00000900000070696E6E656420CF83FD0065856BA75419836111FD6B4F879565E22B38B3E82A418CD8BDD5A49D296B";

    [Fact]
    public void A_version_1_file_loads_and_the_same_model_is_written_to_the_same_bytes()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("ckpt").FullName, "pinned.bnn");
        File.WriteAllBytes(path, Convert.FromHexString(PinnedFile));
        var loaded = TrainedModel.Load(path);
        var model = Pinned();
        Assert.Equal(model.Network.ToString(), loaded.Network.ToString());
        Assert.Equal(model.Network.Parameters.Select(p => p.Value), loaded.Network.Parameters.Select(p => p.Value));
        Assert.Equal(model.Network.BayesianLayers.Select(b => (b.Estimator, b.Divergence)), loaded.Network.BayesianLayers.Select(b => (b.Estimator, b.Divergence)));
        Assert.Equal((0.25f, 1f, 0.0625f), (loaded.Network.BayesianLayers.First().Prior.Pi, loaded.Network.BayesianLayers.First().Prior.Sigma1, loaded.Network.BayesianLayers.First().Prior.Sigma2));
        Assert.Equal(((GaussianLikelihood)model.Likelihood).NoiseRho, Assert.IsType<GaussianLikelihood>(loaded.Likelihood).NoiseRho);
        Assert.Equal([true], loaded.InputScaling!.IsConstant);
        Assert.Equal([-3.0], loaded.TargetScaling!.Mean);
        Assert.Equal("pinned σ", loaded.Description);

        TrainedModel.Save(path, model);
        Assert.Equal(PinnedFile, Convert.ToHexString(File.ReadAllBytes(path)));
        TrainedModel.Save(path, loaded);
        Assert.Equal(PinnedFile, Convert.ToHexString(File.ReadAllBytes(path)));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void Every_likelihood_code_is_written_as_in_version_1()
    {
        (Likelihood, int Outputs, string Section)[] pinned =
        [
            (Likelihood.Gaussian(0.3f), 1, "019A99993E"),
            (Likelihood.LearnedGaussian(0.5f), 1, "02B091DDBE"),
            (Likelihood.LearnedGaussian(0.5f, logSigma: true), 1, "06187231BF"),
            (Likelihood.Heteroscedastic(), 2, "03"),
            (Likelihood.Categorical(3), 3, "0403000000"),
            (Likelihood.Bernoulli(), 1, "05"),
        ];
        foreach (var (likelihood, outputs, section) in pinned)
        {
            var model = new TrainedModel(Network.BayesianMlp([1, outputs], Prior.Gaussian(1f), new BnnCourse.Numerics.Xoshiro256(1)), likelihood);
            var bytes = CheckpointContainer.Write(ModelCodec.Encode(model));
            Assert.Equal(section, Convert.ToHexString(CheckpointContainer.Read(bytes, "mem").Single(s => s.Kind == SectionKind.Likelihood).Content));
            var back = ModelCodec.Decode(bytes, "mem").Likelihood;
            Assert.Equal(likelihood.GetType(), back.GetType());
            if (likelihood is GaussianLikelihood g)
                Assert.Equal((g.IsNoiseLearned, g.IsNoiseLogSigma, g.NoiseSigma), (((GaussianLikelihood)back).IsNoiseLearned, ((GaussianLikelihood)back).IsNoiseLogSigma, ((GaussianLikelihood)back).NoiseSigma));
        }
    }
}
