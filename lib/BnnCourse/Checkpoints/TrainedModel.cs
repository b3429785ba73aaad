using BnnCourse.Data;

namespace BnnCourse;

/// <summary>
/// Everything needed to use a trained network later: the network (architecture, priors, μ and ρ of every layer),
/// the likelihood (with its noise parameters), the standardisation of inputs and targets fitted on the training
/// data, and a free-text description. <see cref="Save"/> and <see cref="Load"/> keep it in one versioned file.
/// </summary>
public sealed class TrainedModel
{
    /// <summary>Pairs a network with its likelihood and optional standardisers, checking that they fit together.</summary>
    /// <exception cref="ArgumentException">
    /// The likelihood does not fit the network's output width, the input standardiser does not have
    /// <see cref="Network.InputSize"/> columns, or the target standardiser does not have one column per target
    /// (a classifier takes none).
    /// </exception>
    public TrainedModel(Network network, Likelihood likelihood, Standardizer? inputScaling = null, Standardizer? targetScaling = null, string description = "")
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(likelihood);
        ArgumentNullException.ThrowIfNull(description);
        int outputs = network.OutputSize;
        int? targetWidth = likelihood switch
        {
            CategoricalLikelihood c when c.Classes == outputs => null,
            CategoricalLikelihood c => throw new ArgumentException($"The likelihood has {c.Classes} classes but the network has {outputs} outputs.", nameof(likelihood)),
            HeteroscedasticGaussianLikelihood when outputs % 2 == 0 => outputs / 2,
            HeteroscedasticGaussianLikelihood => throw new ArgumentException($"A heteroscedastic head needs an even number of outputs; the network has {outputs}.", nameof(likelihood)),
            BernoulliLikelihood => null,
            _ => outputs,
        };
        if (inputScaling is not null && inputScaling.Columns != network.InputSize)
            throw new ArgumentException($"inputScaling has {inputScaling.Columns} columns but the network takes {network.InputSize} inputs.", nameof(inputScaling));
        if (targetScaling is not null && targetScaling.Columns != targetWidth)
            throw new ArgumentException(targetWidth is null
                ? "A classifier's targets are labels: targetScaling must be null."
                : $"targetScaling has {targetScaling.Columns} columns but the model predicts {targetWidth} targets.", nameof(targetScaling));
        (Network, Likelihood, InputScaling, TargetScaling, Description) = (network, likelihood, inputScaling, targetScaling, description);
    }

    /// <summary>The trained network.</summary>
    public Network Network { get; }

    /// <summary>The observation model it was trained with (and its noise parameters).</summary>
    public Likelihood Likelihood { get; }

    /// <summary>The input standardisation fitted on the training inputs, or null.</summary>
    public Standardizer? InputScaling { get; }

    /// <summary>The target standardisation fitted on the training targets (regression), or null.</summary>
    public Standardizer? TargetScaling { get; }

    /// <summary>Free text: data set, training settings, date ...</summary>
    public string Description { get; }

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> atomically (temporary file in the same folder, flushed,
    /// renamed over the target): a crash leaves the old file or the new one, never half of one. A round trip through
    /// <see cref="Load"/> reproduces predictions bit for bit; optimizer state (Adam's moments) is not saved.
    /// </summary>
    /// <exception cref="ArgumentException">The model holds a layer, prior, divergence or likelihood the format does not know (nothing is written).</exception>
    /// <exception cref="IOException">The folder is missing or not writable (the existing file is untouched).</exception>
    public static void Save(string path, TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Checkpoint.WriteAtomically(Path.GetFullPath(path), CheckpointContainer.Write(ModelCodec.Encode(model))); // GetFullPath refuses a null or empty path
    }

    /// <summary>
    /// Reads a file written by <see cref="Save"/>, validating everything (magic, version, sizes, SHA-256, every code and
    /// length, the fit between the parts). Types are chosen from a closed set of codes: nothing is instantiated from
    /// a name found in the file.
    /// </summary>
    /// <exception cref="DataFormatException">The file is not a valid checkpoint of this format version (message names file, offset, problem).</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static TrainedModel Load(string path) => ModelCodec.Decode(File.ReadAllBytes(path), path); // ReadAllBytes refuses a null or empty path
}
