using BnnCourse.Data;

namespace BnnCourse;

/// <summary>
/// Encodes a <see cref="TrainedModel"/> into checkpoint sections and back. Every type is named by a one-byte code
/// from a closed set and rebuilt by a switch over those codes: nothing is instantiated from a name in the file.
/// The encoder and the decoder of every section sit side by side, so a new code is written and read back here.
/// </summary>
static class ModelCodec
{
    const byte BayesianDenseCode = 1, DenseCode = 2, ReLUCode = 3, TanhCode = 4; // layers
    const byte GaussianPriorCode = 1, ScaleMixturePriorCode = 2;
    const byte GaussianFixedCode = 1, GaussianLearnedCode = 2, HeteroscedasticCode = 3, CategoricalCode = 4, BernoulliCode = 5, GaussianLearnedLogCode = 6;
    // Code k is entry k − 1.
    static readonly (GradientEstimator, string)[] Estimators =
        [(GradientEstimator.WeightReparameterization, "weight reparameterization"), (GradientEstimator.LocalReparameterization, "local reparameterization"), (GradientEstimator.Flipout, "Flipout")];
    static readonly (KlDivergence, string)[] Divergences = [(KlDivergence.ClosedForm, "closed form"), (KlDivergence.MonteCarlo, "Monte Carlo")];

    const int MaxLayers = 4096;

    public static List<(SectionKind, byte[])> Encode(TrainedModel model)
    {
        var sections = new List<(SectionKind, byte[])>();
        void Add(SectionKind kind, Action<BinaryWriter> write) => sections.Add((kind, CheckpointContainer.Build(write)));
        Add(SectionKind.Network, w => EncodeNetwork(w, model.Network));
        Add(SectionKind.Likelihood, w => EncodeLikelihood(w, model.Likelihood));
        if (model.InputScaling is { } i) Add(SectionKind.InputStandardizer, w => EncodeStandardizer(w, i));
        if (model.TargetScaling is { } t) Add(SectionKind.TargetStandardizer, w => EncodeStandardizer(w, t));
        if (model.Description.Length > 0)
            Add(SectionKind.Description, w => { var b = System.Text.Encoding.UTF8.GetBytes(model.Description); w.Write(b.Length); w.Write(b); });
        return sections;
    }

    static void Floats(BinaryWriter w, params float[][] arrays)
    {
        foreach (var values in arrays)
        {
            w.Write(values.Length);
            foreach (float v in values) w.Write(v);
        }
    }

    /// <summary>The code of <paramref name="value"/> in <paramref name="known"/> (entry k − 1 has code k).</summary>
    static byte CodeOf<T>((T, string)[] known, T value, string unsupported) where T : notnull
    {
        int k = Array.FindIndex(known, e => e.Item1.Equals(value));
        return k >= 0 ? (byte)(k + 1) : throw Unsupported(unsupported);
    }

    static void EncodeNetwork(BinaryWriter w, Network network)
    {
        w.Write(network.Layers.Count);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            switch (network.Layers[l])
            {
                case BayesianDense b:
                    w.Write(BayesianDenseCode);
                    w.Write(b.InputSize);
                    w.Write(b.OutputSize);
                    w.Write(CodeOf(Estimators, b.Estimator, $"layer {l + 1} has gradient estimator {b.Estimator}"));
                    w.Write(CodeOf(Divergences, b.Divergence, $"layer {l + 1} uses the divergence {b.Divergence.GetType().Name}"));
                    if (b.Prior.IsGaussian) { w.Write(GaussianPriorCode); w.Write(b.Prior.Sigma); }
                    else { w.Write(ScaleMixturePriorCode); w.Write(b.Prior.Pi); w.Write(b.Prior.Sigma1); w.Write(b.Prior.Sigma2); }
                    Floats(w, b.Weights.Mu, b.Weights.Rho, b.Bias.Mu, b.Bias.Rho);
                    break;
                case Dense d:
                    w.Write(DenseCode);
                    w.Write(d.InputSize);
                    w.Write(d.OutputSize);
                    Floats(w, d.Weights, d.Bias);
                    break;
                case Activation a: w.Write(a.IsTanh ? TanhCode : ReLUCode); break;
                default: throw Unsupported($"layer {l + 1} is a {network.Layers[l].GetType().Name}");
            }
        }
    }

    static void EncodeLikelihood(BinaryWriter w, Likelihood likelihood)
    {
        switch (likelihood)
        {
            case GaussianLikelihood { IsNoiseLogSigma: true } g: w.Write(GaussianLearnedLogCode); w.Write(g.NoiseRho[0]); break;
            case GaussianLikelihood { IsNoiseLearned: true } g: w.Write(GaussianLearnedCode); w.Write(g.NoiseRho[0]); break;
            case GaussianLikelihood g: w.Write(GaussianFixedCode); w.Write(g.NoiseSigma); break;
            case HeteroscedasticGaussianLikelihood: w.Write(HeteroscedasticCode); break;
            case CategoricalLikelihood c: w.Write(CategoricalCode); w.Write(c.Classes); break;
            case BernoulliLikelihood: w.Write(BernoulliCode); break;
            default: throw Unsupported($"the likelihood is a {likelihood.GetType().Name}");
        }
    }

    static void EncodeStandardizer(BinaryWriter w, Standardizer s)
    {
        w.Write(s.Columns);
        for (int j = 0; j < s.Columns; j++)
        {
            w.Write(s.Mean[j]);
            w.Write(s.Scale[j]);
            w.Write(s.IsConstant[j] ? (byte)1 : (byte)0);
        }
    }

    static ArgumentException Unsupported(string what) =>
        new($"Cannot save this model: {what}, which the checkpoint format (version {CheckpointContainer.FormatVersion}) does not know.", "model");

    // ------------------------------------------------------------------ decoding

    /// <summary>Validates and decodes checkpoint bytes; <paramref name="file"/> names the source in errors.</summary>
    public static TrainedModel Decode(byte[] bytes, string file)
    {
        var sections = CheckpointContainer.Read(bytes, file);
        // Runs a section's decoder (null when the section is absent); constructor validation failures become format errors at the section.
        T? Parse<T>(SectionKind kind, Func<SectionReader, T> decode, bool required = false) where T : class
        {
            if (sections.FirstOrDefault(s => s.Kind == kind) is not { } r)
                return required ? throw new DataFormatException(file, $"the required {kind} section is missing.", offset: CheckpointContainer.HeaderLength) : null;
            T value;
            try { value = decode(r); }
            catch (ArgumentException e) { throw r.Error($"invalid contents: {e.Message}"); }
            r.End();
            return value;
        }
        var network = Parse(SectionKind.Network, DecodeNetwork, required: true)!;
        var likelihood = Parse(SectionKind.Likelihood, DecodeLikelihood, required: true)!;
        var inputs = Parse(SectionKind.InputStandardizer, DecodeStandardizer);
        var targets = Parse(SectionKind.TargetStandardizer, DecodeStandardizer);
        var description = Parse(SectionKind.Description, r => r.Text("description")) ?? "";
        try
        {
            return new TrainedModel(network, likelihood, inputs, targets, description);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(file, $"the sections do not fit together: {e.Message}", offset: sections.First(s => s.Kind == SectionKind.Network).Start, inner: e);
        }
    }

    static Network DecodeNetwork(SectionReader r)
    {
        int count = r.Count("layer count", MaxLayers);
        if (count == 0) throw r.Error("a network needs at least one layer.");
        var layers = new Layer[count];
        for (int l = 0; l < count; l++)
        {
            byte code = r.Code("layer code");
            layers[l] = code switch
            {
                BayesianDenseCode => DecodeBayesianDense(r),
                DenseCode => DecodeDense(r),
                ReLUCode => Activation.ReLU,
                TanhCode => Activation.Tanh,
                _ => throw r.Unknown("layer", code, "1 BayesianDense, 2 Dense, 3 ReLU, 4 Tanh", $" for layer {l + 1}"),
            };
        }
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

    static BayesianDense DecodeBayesianDense(SectionReader r)
    {
        var (inputs, outputs, weights) = Shape(r);
        var estimator = r.Pick("gradient estimator", Estimators);
        var divergence = r.Pick("divergence", Divergences);
        byte p = r.Code("prior");
        Prior prior = p switch
        {
            GaussianPriorCode => Prior.Gaussian(r.Single("prior σ")),
            ScaleMixturePriorCode => Prior.ScaleMixture(r.Single("prior π"), r.Single("prior σ₁"), r.Single("prior σ₂")),
            _ => throw r.Unknown("prior", p, "1 Gaussian, 2 scale mixture"),
        };
        var w = GaussianPosterior.FromMuRho(r.Floats("μ (weights)", weights), r.Floats("ρ (weights)", weights));
        var b = GaussianPosterior.FromMuRho(r.Floats("μ (bias)", outputs), r.Floats("ρ (bias)", outputs));
        return new BayesianDense(inputs, w, b, prior, estimator, divergence);
    }

    static Dense DecodeDense(SectionReader r)
    {
        var (inputs, outputs, weights) = Shape(r);
        return Dense.FromWeights(inputs, outputs, r.Floats("W", weights), r.Floats("b", outputs));
    }

    static Likelihood DecodeLikelihood(SectionReader r)
    {
        byte code = r.Code("likelihood code");
        switch (code)
        {
            case GaussianFixedCode: return Likelihood.Gaussian(r.Single("noise σ"));
            case GaussianLearnedCode or GaussianLearnedLogCode:
                bool logSigma = code == GaussianLearnedLogCode;
                float parameter = r.Single(logSigma ? "noise log σ" : "noise ρ");
                var g = Likelihood.LearnedGaussian(1f, logSigma);
                g.NoiseRho[0] = parameter;
                return g;
            case HeteroscedasticCode: return Likelihood.Heteroscedastic();
            case CategoricalCode: return Likelihood.Categorical(r.Count("number of classes"));
            case BernoulliCode: return Likelihood.Bernoulli();
            default: throw r.Unknown("likelihood", code, "1 fixed Gaussian, 2 learned Gaussian, 3 heteroscedastic, 4 categorical, 5 Bernoulli, 6 learned Gaussian (log σ)");
        }
    }

    static Standardizer DecodeStandardizer(SectionReader r)
    {
        int columns = r.Count("columns", (r.Remaining - 4) / 17); // 8 + 8 + 1 bytes per column
        var mean = new double[columns];
        var scale = new double[columns];
        var constant = new bool[columns];
        for (int j = 0; j < columns; j++)
        {
            mean[j] = r.Double("mean");
            scale[j] = r.Double("scale");
            byte flag = r.Code("constant flag");
            if (flag > 1) throw r.ErrorAt(r.Offset - 1, $"constant flag {flag} of column {j} is not 0 or 1.");
            constant[j] = flag == 1;
        }
        return Standardizer.FromParts(mean, scale, constant);
    }
}
