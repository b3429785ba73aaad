using BnnCourse.Data;

namespace BnnCourse;

/// <summary>
/// Encodes a <see cref="TrainedModel"/> into checkpoint sections and back. Every type is named by a one-byte code
/// from a closed set, the tables below (entry k − 1 has code k), and rebuilt by that code's reader: nothing is
/// instantiated from a name in the file. A code's writer and reader sit side by side in its entry, so a new layer,
/// prior or likelihood is one more entry, appended (the codes of files already written must not move).
/// </summary>
static class ModelCodec
{
    /// <summary>
    /// One code of a closed set: <c>Write</c> gives the writer of the payload when a value has this code (null when it
    /// has another; the string names the value in errors, as "layer 2"), <c>Read</c> reads the payload back.
    /// </summary>
    internal sealed record Code<T>(string Name, Func<T, string, Action<BinaryWriter>?> Write, Func<SectionReader, T> Read);

    static readonly Action<BinaryWriter> NoPayload = _ => { };

    /// <summary>A code for one value and no payload (an enum member, a singleton).</summary>
    static Code<T> Plain<T>(string name, T value) => new(name, (v, _) => Equals(v, value) ? NoPayload : null, _ => value);

    static readonly Code<Layer>[] Layers =
    [
        new("BayesianDense", (l, where) => l is BayesianDense b ? w => WriteBayesianDense(w, b, where) : null, ReadBayesianDense),
        new("Dense", (l, _) => l is Dense d ? w => { w.Write(d.InputSize); w.Write(d.OutputSize); Floats(w, d.Weights, d.Bias); } : null,
            ReadDense),
        new("ReLU", (l, _) => l is Activation { IsTanh: false } ? NoPayload : null, _ => Activation.ReLU),
        new("Tanh", (l, _) => l is Activation { IsTanh: true } ? NoPayload : null, _ => Activation.Tanh),
    ];

    static readonly Code<GradientEstimator>[] Estimators = [Plain("weight reparameterization", GradientEstimator.WeightReparameterization),
        Plain("local reparameterization", GradientEstimator.LocalReparameterization), Plain("Flipout", GradientEstimator.Flipout)];

    static readonly Code<KlDivergence>[] Divergences = [Plain("closed form", KlDivergence.ClosedForm), Plain("Monte Carlo", KlDivergence.MonteCarlo)];

    static readonly Code<Prior>[] Priors =
    [
        new("Gaussian", (p, _) => p.IsGaussian ? w => w.Write(p.Sigma) : null, r => Prior.Gaussian(r.Single("prior σ"))),
        new("scale mixture", (p, _) => p.IsGaussian ? null : w => { w.Write(p.Pi); w.Write(p.Sigma1); w.Write(p.Sigma2); },
            r => Prior.ScaleMixture(r.Single("prior π"), r.Single("prior σ₁"), r.Single("prior σ₂"))),
    ];

    static readonly Code<Likelihood>[] Likelihoods =
    [
        new("fixed Gaussian", (l, _) => l is GaussianLikelihood { IsNoiseLearned: false } g ? w => w.Write(g.NoiseSigma) : null,
            r => Likelihood.Gaussian(r.Single("noise σ"))),
        new("learned Gaussian", (l, _) => l is GaussianLikelihood { IsNoiseLearned: true, IsNoiseLogSigma: false } g ? w => w.Write(g.NoiseRho[0]) : null,
            r => Learned(r.Single("noise ρ"), logSigma: false)),
        new("heteroscedastic", (l, _) => l is HeteroscedasticGaussianLikelihood ? NoPayload : null, _ => Likelihood.Heteroscedastic()),
        new("categorical", (l, _) => l is CategoricalLikelihood c ? w => w.Write(c.Classes) : null, r => Likelihood.Categorical(r.Count("number of classes"))),
        new("Bernoulli", (l, _) => l is BernoulliLikelihood ? NoPayload : null, _ => Likelihood.Bernoulli()),
        new("learned Gaussian (log σ)", (l, _) => l is GaussianLikelihood { IsNoiseLogSigma: true } g ? w => w.Write(g.NoiseRho[0]) : null,
            r => Learned(r.Single("noise log σ"), logSigma: true)),
    ];

    const int MaxLayers = 4096;

    public static List<(SectionKind, byte[])> Encode(TrainedModel model)
    {
        var sections = new List<(SectionKind, byte[])>();
        void Add(SectionKind kind, Action<BinaryWriter> write) => sections.Add((kind, CheckpointContainer.Build(write)));
        Add(SectionKind.Network, w =>
        {
            w.Write(model.Network.Layers.Count);
            for (int l = 0; l < model.Network.Layers.Count; l++) Write(w, Layers, model.Network.Layers[l], $"layer {l + 1}");
        });
        Add(SectionKind.Likelihood, w => Write(w, Likelihoods, model.Likelihood, "the likelihood"));
        if (model.InputScaling is { } i) Add(SectionKind.InputStandardizer, w => WriteStandardizer(w, i));
        if (model.TargetScaling is { } t) Add(SectionKind.TargetStandardizer, w => WriteStandardizer(w, t));
        if (model.Description.Length > 0)
            Add(SectionKind.Description, w => { var b = System.Text.Encoding.UTF8.GetBytes(model.Description); w.Write(b.Length); w.Write(b); });
        return sections;
    }

    /// <summary>Writes the code of <paramref name="value"/> in <paramref name="codes"/>, then its payload.</summary>
    /// <exception cref="ArgumentException">No code fits: the format does not know this value (named by <paramref name="where"/>).</exception>
    static void Write<T>(BinaryWriter w, Code<T>[] codes, T value, string where) where T : notnull
    {
        for (int k = 0; k < codes.Length; k++)
            if (codes[k].Write(value, where) is { } payload) { w.Write((byte)(k + 1)); payload(w); return; }
        throw new ArgumentException(
            $"Cannot save this model: {where} is a {value.GetType().Name}, which the checkpoint format (version {CheckpointContainer.FormatVersion}) does not know.", "model");
    }

    static void WriteBayesianDense(BinaryWriter w, BayesianDense b, string where)
    {
        w.Write(b.InputSize);
        w.Write(b.OutputSize);
        Write(w, Estimators, b.Estimator, $"the gradient estimator of {where}");
        Write(w, Divergences, b.Divergence, $"the divergence of {where}");
        Write(w, Priors, b.Prior, $"the prior of {where}");
        Floats(w, b.Weights.Mu, b.Weights.Rho, b.Bias.Mu, b.Bias.Rho);
    }

    static void Floats(BinaryWriter w, params float[][] arrays)
    {
        foreach (var values in arrays) { w.Write(values.Length); foreach (float v in values) w.Write(v); }
    }

    static void WriteStandardizer(BinaryWriter w, Standardizer s)
    {
        w.Write(s.Columns);
        for (int j = 0; j < s.Columns; j++) { w.Write(s.Mean[j]); w.Write(s.Scale[j]); w.Write(s.IsConstant[j]); } // a bool is one byte, 0 or 1
    }

    /// <summary>Validates and decodes checkpoint bytes; <paramref name="file"/> names the source in errors.</summary>
    public static TrainedModel Decode(byte[] bytes, string file)
    {
        var sections = CheckpointContainer.Read(bytes, file);
        T? Parse<T>(SectionKind kind, Func<SectionReader, T> decode, bool required = false) where T : class =>
            sections.FirstOrDefault(s => s.Kind == kind) is { } r ? r.Parse(decode)
            : required ? throw new DataFormatException(file, $"the required {kind} section is missing.", offset: CheckpointContainer.HeaderLength) : null;
        var network = Parse(SectionKind.Network, ReadNetwork, required: true)!;
        var likelihood = Parse(SectionKind.Likelihood, r => r.Read("likelihood", Likelihoods), required: true)!;
        var inputs = Parse(SectionKind.InputStandardizer, ReadStandardizer);
        var targets = Parse(SectionKind.TargetStandardizer, ReadStandardizer);
        var description = Parse(SectionKind.Description, r => r.Text("description")) ?? "";
        try { return new TrainedModel(network, likelihood, inputs, targets, description); }
        catch (ArgumentException e)
        {
            throw new DataFormatException(file, $"the sections do not fit together: {e.Message}", offset: sections.First(s => s.Kind == SectionKind.Network).Start, inner: e);
        }
    }

    static Network ReadNetwork(SectionReader r)
    {
        int count = r.Count("layer count", MaxLayers);
        if (count == 0) throw r.Error("a network needs at least one layer.");
        var layers = new Layer[count];
        for (int l = 0; l < count; l++) layers[l] = r.Read("layer", Layers, $" for layer {l + 1}");
        return new Network(layers);
    }

    static (int In, int Out, int Weights) Shape(SectionReader r)
    {
        int inputs = r.Count("input size"), outputs = r.Count("output size");
        long weights = (long)inputs * outputs;
        if (inputs == 0 || outputs == 0 || weights > Array.MaxLength)
            throw r.Error($"a dense layer of {inputs} × {outputs} weights is impossible.");
        return (inputs, outputs, (int)weights);
    }

    static BayesianDense ReadBayesianDense(SectionReader r)
    {
        var (inputs, outputs, weights) = Shape(r);
        var (estimator, divergence, prior) = (r.Read("gradient estimator", Estimators), r.Read("divergence", Divergences), r.Read("prior", Priors));
        var w = GaussianPosterior.FromMuRho(r.Floats("μ (weights)", weights), r.Floats("ρ (weights)", weights));
        var b = GaussianPosterior.FromMuRho(r.Floats("μ (bias)", outputs), r.Floats("ρ (bias)", outputs));
        return new BayesianDense(inputs, w, b, prior, estimator, divergence);
    }

    static Dense ReadDense(SectionReader r)
    {
        var (inputs, outputs, weights) = Shape(r);
        return Dense.FromWeights(inputs, outputs, r.Floats("W", weights), r.Floats("b", outputs));
    }

    /// <summary>A learned noise parameter, ρ (σ = softplus ρ) or s = log σ, restored as it was saved.</summary>
    static GaussianLikelihood Learned(float parameter, bool logSigma)
    {
        var g = Likelihood.LearnedGaussian(1f, logSigma);
        g.NoiseRho[0] = parameter;
        return g;
    }

    static Standardizer ReadStandardizer(SectionReader r)
    {
        int columns = r.Count("columns", (r.Remaining - 4) / 17); // 8 + 8 + 1 bytes per column
        var (mean, scale, constant) = (new double[columns], new double[columns], new bool[columns]);
        for (int j = 0; j < columns; j++)
            (mean[j], scale[j], constant[j]) = (r.Double("mean"), r.Double("scale"), r.Flag($"constant flag of column {j}"));
        return Standardizer.FromParts(mean, scale, constant);
    }
}
