using System.Buffers.Binary;
using System.Security.Cryptography;
using BnnCourse;
using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Checkpoints;

public sealed class CheckpointTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("ckpt").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>A small BBB regression trained for a few epochs on standardised toy data (learned noise).</summary>
    static TrainedModel TrainedRegression()
    {
        var rng = new Xoshiro256(7);
        var data = Toy.BlundellCurve(64, rng);
        var xs = Standardizer.Fit(data.X);
        var ys = Standardizer.Fit(data.Y);
        var train = data.Standardize(xs, ys);
        var net = Network.BayesianMlp([1, 16, 1], Prior.Gaussian(1f), rng);
        var likelihood = Likelihood.LearnedGaussian(0.5f);
        var objective = new FreeEnergy(net, likelihood);
        new Trainer(objective, new Adam(objective.Parameters, 1e-2f), batchSize: 16).Fit(train.X, train.Y, epochs: 5, rng);
        return new TrainedModel(net, likelihood, xs, ys, "Blundell curve, 5 epochs");
    }

    /// <summary>A classifier touching the other codes: scale mixture prior, Monte Carlo KL, Flipout, Tanh, a plain Dense layer.</summary>
    static TrainedModel Classifier()
    {
        var rng = new Xoshiro256(8);
        var net = new Network(
            new BayesianDense(2, 5, Prior.ScaleMixture(0.5f, 1f, MathF.Exp(-6)), rng, GradientEstimator.Flipout, KlDivergence.MonteCarlo),
            Activation.Tanh,
            new BayesianDense(5, 4, Prior.Gaussian(0.5f), rng, GradientEstimator.LocalReparameterization),
            Activation.ReLU,
            new Dense(4, 3, rng));
        return new TrainedModel(net, Likelihood.Categorical(3), Standardizer.FromMeanScale([1.0, -2.0], [3.0, 0.5]));
    }

    static void AssertSameParameters(Network a, Network b)
    {
        Assert.Equal(a.ToString(), b.ToString());
        Assert.Equal(a.Parameters.Count, b.Parameters.Count);
        for (int k = 0; k < a.Parameters.Count; k++) Assert.Equal(a.Parameters[k].Value, b.Parameters[k].Value);
    }

    [Fact]
    public void Regression_round_trip_reproduces_parameters_and_predictions_bit_for_bit()
    {
        var model = TrainedRegression();
        string path = PathOf("model.bnn");
        TrainedModel.Save(path, model);
        var loaded = TrainedModel.Load(path);

        AssertSameParameters(model.Network, loaded.Network);
        var (g, h) = ((GaussianLikelihood)model.Likelihood, Assert.IsType<GaussianLikelihood>(loaded.Likelihood));
        Assert.True(h.IsNoiseLearned);
        Assert.Equal(g.NoiseRho, h.NoiseRho);
        Assert.Equal(model.InputScaling!.Mean, loaded.InputScaling!.Mean);
        Assert.Equal(model.TargetScaling!.Scale, loaded.TargetScaling!.Scale);
        Assert.Equal("Blundell curve, 5 epochs", loaded.Description);
        var layer = loaded.Network.BayesianLayers.First();
        Assert.True(layer.Prior.IsGaussian);
        Assert.Equal(1f, layer.Prior.Sigma1);
        Assert.Same(KlDivergence.ClosedForm, layer.Divergence);

        var x = Matrix.Column([-1.5f, -0.2f, 0.4f, 2f]);
        var before = Predictive.Regression(model.Network, model.Likelihood, x, 8, new Xoshiro256(99));
        var after = Predictive.Regression(loaded.Network, loaded.Likelihood, x, 8, new Xoshiro256(99));
        Assert.Equal(before.SampledMeans, after.SampledMeans);
        Assert.Equal(before.SampledNoiseVariances, after.SampledNoiseVariances);
        Assert.Equal(model.Network.Predict(x).Data, loaded.Network.Predict(x).Data);
    }

    [Fact]
    public void Classifier_round_trip_keeps_every_layer_kind_prior_and_estimator()
    {
        var model = Classifier();
        string path = PathOf("classifier.bnn");
        TrainedModel.Save(path, model);
        var loaded = TrainedModel.Load(path);
        AssertSameParameters(model.Network, loaded.Network);
        var first = loaded.Network.BayesianLayers.First();
        var prior = first.Prior;
        Assert.False(prior.IsGaussian);
        Assert.Equal((0.5f, 1f, MathF.Exp(-6)), (prior.Pi, prior.Sigma1, prior.Sigma2));
        Assert.Equal(GradientEstimator.Flipout, first.Estimator);
        Assert.Same(KlDivergence.MonteCarlo, first.Divergence);
        Assert.Equal(GradientEstimator.LocalReparameterization, loaded.Network.BayesianLayers.Last().Estimator);
        Assert.Equal(3, Assert.IsType<CategoricalLikelihood>(loaded.Likelihood).Classes);
        Assert.Null(loaded.TargetScaling);
        var x = Matrix.FromArray(new float[,] { { 0.3f, -1 }, { 2, 0.5f } });
        Assert.Equal(Predictive.Classification(model.Network, model.Likelihood, x, 5, new Xoshiro256(3)).SampledProbabilities,
                     Predictive.Classification(loaded.Network, loaded.Likelihood, x, 5, new Xoshiro256(3)).SampledProbabilities);
    }

    [Fact]
    public void Fixed_noise_heteroscedastic_and_bernoulli_likelihoods_round_trip()
    {
        var rng = new Xoshiro256(4);
        foreach (var (likelihood, outputs) in new (Likelihood, int)[] { (Likelihood.Gaussian(0.3f), 1), (Likelihood.Heteroscedastic(), 2), (Likelihood.Bernoulli(), 1) })
        {
            string path = PathOf("l.bnn");
            TrainedModel.Save(path, new TrainedModel(Network.BayesianMlp([2, 3, outputs], Prior.Gaussian(1f), rng), likelihood));
            var loaded = TrainedModel.Load(path).Likelihood;
            Assert.Equal(likelihood.GetType(), loaded.GetType());
            if (likelihood is GaussianLikelihood g) Assert.Equal(g.NoiseSigma, ((GaussianLikelihood)loaded).NoiseSigma);
        }
    }

    [Fact]
    public void Every_flipped_byte_is_refused_with_a_format_error_naming_the_file()
    {
        string path = PathOf("model.bnn");
        TrainedModel.Save(path, Classifier());
        var good = File.ReadAllBytes(path);
        for (int i = 0; i < good.Length; i++)
        {
            var bytes = (byte[])good.Clone();
            bytes[i] ^= (byte)(1 << (i % 8));
            var e = Assert.Throws<DataFormatException>(() => ModelCodec.Decode(bytes, "flipped.bnn"));
            Assert.Equal("flipped.bnn", e.FileName);
        }
        // The same through the file API: the message starts with the path.
        good[good.Length / 2] ^= 1;
        File.WriteAllBytes(path, good);
        Assert.StartsWith(path, Assert.Throws<DataFormatException>(() => TrainedModel.Load(path)).Message);
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        string path = PathOf("model.bnn");
        TrainedModel.Save(path, Classifier());
        var good = File.ReadAllBytes(path);
        for (int n = 0; n < good.Length; n++)
            Assert.Contains("truncated", Assert.Throws<DataFormatException>(() => ModelCodec.Decode(good[..n], "cut.bnn")).Problem);
        Assert.Contains("unexpected bytes", Assert.Throws<DataFormatException>(() => ModelCodec.Decode([.. good, 0], "long.bnn")).Problem);
    }

    /// <summary>Rewrites the header's version and recomputes the checksum, as a future library would write.</summary>
    static byte[] WithVersion(byte[] file, ushort version)
    {
        var bytes = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), version);
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
        return bytes;
    }

    [Fact]
    public void Other_format_versions_are_refused_by_number()
    {
        string path = PathOf("v.bnn");
        TrainedModel.Save(path, Classifier());
        File.WriteAllBytes(path, WithVersion(File.ReadAllBytes(path), 2));
        var e = Assert.Throws<DataFormatException>(() => TrainedModel.Load(path));
        Assert.Equal(8, e.Offset);
        Assert.Contains("version 2", e.Problem);
    }

    [Fact]
    public void Valid_container_with_inconsistent_model_is_refused()
    {
        // A categorical likelihood with 5 classes for a network with 3 outputs: checksum fine, content incompatible.
        var model = Classifier();
        var sections = ModelCodec.Encode(model);
        sections[1] = (SectionKind.Likelihood, [4, 5, 0, 0, 0]); // code 4 categorical, K = 5
        string path = PathOf("mismatch.bnn");
        File.WriteAllBytes(path, CheckpointContainer.Write(sections));
        var misfit = Assert.Throws<DataFormatException>(() => TrainedModel.Load(path));
        Assert.Contains("do not fit together", misfit.Problem);
        Assert.Equal(CheckpointContainer.HeaderLength + 12, misfit.Offset); // the Network section's first byte

        sections = ModelCodec.Encode(model);
        sections[0] = (SectionKind.Network, [1, 0, 0, 0, 9]); // one layer of unknown code 9
        File.WriteAllBytes(path, CheckpointContainer.Write(sections));
        var e = Assert.Throws<DataFormatException>(() => TrainedModel.Load(path));
        Assert.Contains("unknown layer code 9", e.Problem);
        Assert.Equal(CheckpointContainer.HeaderLength + 12 + 4, e.Offset);

        File.WriteAllBytes(path, CheckpointContainer.Write([sections[1]]));
        Assert.Contains("Network section is missing", Assert.Throws<DataFormatException>(() => TrainedModel.Load(path)).Problem);
    }

    [Fact]
    public void Container_round_trips_plain_sections_and_refuses_unknown_repeated_or_overlong_ones()
    {
        byte[] a = [1, 2, 3], b = [];
        var bytes = CheckpointContainer.Write([(SectionKind.Description, a), (SectionKind.InputStandardizer, b)]);
        var read = CheckpointContainer.Read(bytes, "mem");
        Assert.Equal([SectionKind.Description, SectionKind.InputStandardizer], read.Select(s => s.Kind));
        Assert.Equal(a, read[0].Content);
        Assert.Equal(CheckpointContainer.HeaderLength + 12, read[0].Start);
        Assert.Empty(read[1].Content);

        Assert.Contains("unknown section code 77", Assert.Throws<DataFormatException>(
            () => CheckpointContainer.Read(CheckpointContainer.Write([((SectionKind)77, a)]), "mem")).Problem);
        Assert.Contains("twice", Assert.Throws<DataFormatException>(
            () => CheckpointContainer.Read(CheckpointContainer.Write([(SectionKind.Description, a), (SectionKind.Description, a)]), "mem")).Problem);
        // A section length beyond the payload, with a valid checksum.
        var overlong = CheckpointContainer.Write([(SectionKind.Description, a)]);
        BinaryPrimitives.WriteUInt64LittleEndian(overlong.AsSpan(CheckpointContainer.HeaderLength + 4), 1000);
        SHA256.HashData(overlong.AsSpan(0, overlong.Length - 32), overlong.AsSpan(overlong.Length - 32));
        Assert.Contains("declares 1000 bytes", Assert.Throws<DataFormatException>(() => CheckpointContainer.Read(overlong, "mem")).Problem);
    }

    [Fact]
    public void Fuzzed_files_only_raise_the_documented_exception()
    {
        var random = new Xoshiro256(123);
        for (int k = 0; k < 300; k++)
        {
            var bytes = new byte[random.NextInt(200)];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)random.NextUInt64();
            if (k % 2 == 0 && bytes.Length >= 12)
            {
                "BNNCKPT\0"u8.CopyTo(bytes);
                bytes[8] = 1; bytes[9] = 0; bytes[10] = 0; bytes[11] = 0;
                if (k % 4 == 0 && bytes.Length >= 56) // consistent length and checksum: garbage reaches the section parser
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), (ulong)(bytes.Length - 56));
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)random.NextInt(3));
                    SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
                }
            }
            try { CheckpointContainer.Read(bytes, "fuzz"); }
            catch (DataFormatException) { }
        }
        // Garbage inside well-formed sections reaches the model decoder.
        for (int k = 0; k < 200; k++)
        {
            var net = new byte[random.NextInt(60)];
            for (int i = 0; i < net.Length; i++) net[i] = (byte)(random.NextInt(4) == 0 ? random.NextUInt64() : (ulong)random.NextInt(5));
            try { ModelCodec.Decode(CheckpointContainer.Write([(SectionKind.Network, net), (SectionKind.Likelihood, [(byte)(1 + k % 5), 2, 0, 0, 0])]), "fuzz"); }
            catch (DataFormatException) { }
        }
    }

    sealed class CustomLikelihood : Likelihood
    {
        public override int OutputWidth(int targetWidth) => targetWidth;
        protected override double Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int targetWidth, float gradientScale,
            Span<float> outputGradient, IReadOnlyList<float[]> parameterGradients) => 0;
    }

    [Fact]
    public void A_failed_save_leaves_the_previous_checkpoint_intact_and_no_temporary_file()
    {
        string path = PathOf("model.bnn");
        TrainedModel.Save(path, Classifier());
        var good = File.ReadAllBytes(path);
        var unsupported = new TrainedModel(Network.BayesianMlp([2, 3, 1], Prior.Gaussian(1f), new Xoshiro256(1)), new CustomLikelihood());
        var e = Assert.Throws<ArgumentException>(() => TrainedModel.Save(path, unsupported));
        Assert.Equal("model", e.ParamName);
        Assert.Contains("the likelihood is a CustomLikelihood", e.Message);
        var dropout = new TrainedModel(new Network(new Dense(2, 3, new Xoshiro256(1)), new Dropout(0.5f), new Dense(3, 1, new Xoshiro256(2))), Likelihood.Gaussian(1f));
        Assert.Contains("layer 2 is a Dropout", Assert.Throws<ArgumentException>(() => TrainedModel.Save(path, dropout)).Message);
        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Throws<DirectoryNotFoundException>(() => TrainedModel.Save(Path.Combine(_folder, "missing", "m.bnn"), Classifier()));
        // A target that cannot be replaced (a folder of that name): the rename fails, the temporary file is removed.
        Directory.CreateDirectory(PathOf("taken.bnn"));
        Assert.ThrowsAny<IOException>(() => TrainedModel.Save(PathOf("taken.bnn"), Classifier()));
        Assert.Equal(["model.bnn", "taken.bnn"], Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Saving_again_replaces_the_file_atomically_with_the_new_model()
    {
        string path = PathOf("model.bnn");
        var model = TrainedRegression();
        TrainedModel.Save(path, model);
        model.Network.BayesianLayers.First().Weights.Mu[0] += 1f;
        TrainedModel.Save(path, model);
        Assert.Equal(model.Network.BayesianLayers.First().Weights.Mu[0], TrainedModel.Load(path).Network.BayesianLayers.First().Weights.Mu[0]);
        Assert.Single(Directory.EnumerateFiles(_folder));
    }

    [Fact]
    public void A_later_save_deletes_only_this_paths_temporary_files_older_than_the_grace_period()
    {
        string path = PathOf("model.bnn");
        var old = DateTime.UtcNow - Checkpoint.OrphanGracePeriod - TimeSpan.FromMinutes(1);
        string Orphan(string name, DateTime written)
        {
            string p = PathOf(name);
            File.WriteAllBytes(p, new byte[100]);
            File.SetLastWriteTimeUtc(p, written);
            return p;
        }
        // What kill -9 mid-save leaves, one old and one that could belong to a save still running.
        string killed = Orphan(".model.bnn.4242.7.tmp", old);
        string running = Orphan(".model.bnn.4243.1.tmp", DateTime.UtcNow);
        // Not ours: another checkpoint's temporary file, a user's file, a name outside the pattern.
        string[] keep = [Orphan(".other.bnn.4242.7.tmp", old), Orphan("model.bnn.tmp", old), Orphan(".model.bnn.x.7.tmp", old),
                         Orphan(".model.bnn.4242.7.8.tmp", old), running];
        TrainedModel.Save(path, Classifier());
        Assert.False(File.Exists(killed));
        Assert.All(keep, p => Assert.True(File.Exists(p), p));
        Assert.Equal(6, Directory.EnumerateFiles(_folder).Count()); // model.bnn and the 5 kept
        TrainedModel.Load(path);
    }

    [Fact]
    public void The_folder_is_fsynced_after_the_rename_where_the_platform_can()
    {
        Assert.Equal(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), Checkpoint.FlushFolder(_folder));
        if (!OperatingSystem.IsLinux()) return;
        Assert.Contains("errno 2", Assert.Throws<IOException>(() => Checkpoint.FlushFolder(PathOf("missing"))).Message); // ENOENT
        int open = Directory.GetFiles("/proc/self/fd").Length;
        for (int k = 0; k < 500; k++) Checkpoint.FlushFolder(_folder);
        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length, 0, open + 20); // each folder descriptor is closed again
    }

    [Fact]
    public void Model_parts_that_do_not_fit_are_rejected_when_the_model_is_built()
    {
        var net = Network.BayesianMlp([2, 3, 2], Prior.Gaussian(1f), new Xoshiro256(1));
        Assert.Equal("likelihood", Assert.Throws<ArgumentException>(() => new TrainedModel(net, Likelihood.Categorical(3))).ParamName);
        Assert.Equal("inputScaling", Assert.Throws<ArgumentException>(() => new TrainedModel(net, Likelihood.Heteroscedastic(), Standardizer.Identity(3))).ParamName);
        Assert.Equal("targetScaling", Assert.Throws<ArgumentException>(() => new TrainedModel(net, Likelihood.Heteroscedastic(), null, Standardizer.Identity(2))).ParamName);
        Assert.Equal("targetScaling", Assert.Throws<ArgumentException>(() => new TrainedModel(net, Likelihood.Categorical(2), null, Standardizer.Identity(1))).ParamName);
    }
}
