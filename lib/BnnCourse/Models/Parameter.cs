namespace BnnCourse;

/// <summary>
/// A named, trainable array of floats (for example the μ of a layer's weights, or a likelihood's noise ρ).
/// The array is the live storage: optimizers update <see cref="Value"/> in place, and checkpoints copy it.
/// Gradients are never stored here; they live in the caller-owned workspace.
/// </summary>
public sealed class Parameter
{
    /// <summary>A parameter over existing storage (no copy).</summary>
    /// <exception cref="ArgumentException">name empty or value empty.</exception>
    public Parameter(string name, float[] value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0) throw new ArgumentException($"Parameter '{name}' has no elements (value.Length = 0).", nameof(value));
        (Name, Value) = (name, value);
    }

    /// <summary>What the parameter is, in the paper's words ("μ (weights)", "ρ (bias)", "noise ρ").</summary>
    public string Name { get; }

    /// <summary>Who owns it ("layer 2 (BayesianDense 400→400)"); set when the owner joins a network or objective.</summary>
    public string Owner { get; internal set; } = "";

    /// <summary>True for the ρ of a <see cref="BayesianDense"/> layer's posterior (the group <see cref="Adam.RhoLearningRate"/> applies to).</summary>
    internal bool IsPosteriorRho { get; init; }

    /// <summary>The values, updated in place by the optimizer.</summary>
    public float[] Value { get; }

    /// <summary>Number of scalars.</summary>
    public int Length => Value.Length;

    /// <inheritdoc />
    public override string ToString() => Owner.Length == 0 ? $"{Name} [{Length}]" : $"{Owner}: {Name} [{Length}]";
}
