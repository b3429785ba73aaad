using BnnCourse.Numerics;


namespace BnnCourse;

/// <summary>
/// The observation model p(y | f(x; w)) turning network outputs into the likelihood cost
/// −log p(D | w) = −Σₙ log p(yₙ | f(xₙ; w)) (a sum over rows, never a mean), with its gradient.
/// </summary>
public abstract class Likelihood
{
    /// <summary>Trainable likelihood parameters (e.g. a learned noise scale); empty when there are none.</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>The network output width this likelihood needs for targets of width <paramref name="targetWidth"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">targetWidth is not supported.</exception>
    public abstract int OutputWidth(int targetWidth);

    /// <summary>−Σ_rows log p(y | outputs), in double (no gradient).</summary>
    /// <exception cref="ArgumentException">Lengths inconsistent with rows and widths, or invalid targets (NaN/∞, bad labels).</exception>
    public double NegativeLogLikelihood(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows)
        => NegativeLogLikelihood(outputs, targets, rows, 0f, default, []);

    /// <summary>
    /// −Σ_rows log p(y | outputs), in double; writes gradientScale·∂/∂outputs into <paramref name="outputGradient"/>
    /// (overwrites) and adds gradientScale·∂/∂θ into <paramref name="parameterGradients"/> (aligned with
    /// <see cref="Parameters"/>). An empty outputGradient skips all gradients.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths inconsistent with rows and widths, or invalid targets (NaN/∞, bad labels).</exception>
    public double NegativeLogLikelihood(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, float gradientScale,
        Span<float> outputGradient, IReadOnlyList<float[]> parameterGradients)
    {
        Require.Positive(rows, nameof(rows));
        if (targets.Length % rows != 0)
            throw new ArgumentException($"targets has {targets.Length} elements, not a multiple of rows = {rows}.", nameof(targets));
        int targetWidth = targets.Length / rows;
        Require.Length(outputs.Length, (long)rows * OutputWidth(targetWidth), nameof(outputs));
        ValidateTargets(targets, rows);
        bool gradient = !outputGradient.IsEmpty;
        if (gradient)
        {
            Require.Length(outputGradient.Length, outputs.Length, nameof(outputGradient));
            ArgumentNullException.ThrowIfNull(parameterGradients);
            Require.Length(parameterGradients.Count, Parameters.Count, nameof(parameterGradients));
        }
        return Evaluate(outputs, targets, rows, targetWidth, gradientScale, outputGradient, gradient ? parameterGradients : []);
    }

    /// <summary>Checks a whole target set once (the trainer does, so errors name the index in the data set).</summary>
    internal void CheckTargets(ReadOnlySpan<float> targets, int rows) => ValidateTargets(targets, rows);

    /// <summary>Throws when a target is invalid for this likelihood (default: NaN/∞).</summary>
    protected virtual void ValidateTargets(ReadOnlySpan<float> targets, int rows) => Require.AllFinite(targets, nameof(targets));

    /// <summary>The unchecked computation behind <see cref="NegativeLogLikelihood(ReadOnlySpan{float}, ReadOnlySpan{float}, int, float, Span{float}, IReadOnlyList{float[]})"/>; outputGradient is empty when no gradient is wanted.</summary>
    protected abstract double Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int targetWidth, float gradientScale,
        Span<float> outputGradient, IReadOnlyList<float[]> parameterGradients);
}
