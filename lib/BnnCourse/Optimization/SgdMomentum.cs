using BnnCourse.Numerics;
using System.Numerics.Tensors;

namespace BnnCourse;

/// <summary>
/// Stochastic gradient descent with (heavy-ball) momentum: v ← μ·v + g, θ ← θ − α·v (the PyTorch convention;
/// momentum μ = 0 is plain SGD).
/// </summary>
internal sealed class SgdMomentum : Optimizer
{
    readonly float[][] _velocity;
    readonly double[] _velocityBound; // ≥ max |v| per parameter

    /// <inheritdoc cref="Optimizer.SgdMomentum"/>
    public SgdMomentum(IEnumerable<Parameter> parameters, float learningRate, float momentum = 0.9f)
        : base(parameters, learningRate)
    {
        Momentum = Require.HalfOpenUnitInterval(momentum, nameof(momentum));
        _velocity = Parameters.Select(p => new float[p.Length]).ToArray();
        _velocityBound = new double[Parameters.Count];
    }

    /// <summary>The momentum μ.</summary>
    public float Momentum { get; }

    internal override IEnumerable<float[]> StateArrays => _velocity;

    /// <remarks>|v| ≤ μ·|v_prev| + max|g| (tracked per parameter), so |Δθ| ≤ α(μ·|v_prev| + max|g|).</remarks>
    internal override double StepBound(int index, double maxAbsGradient)
        => LearningRate * (Momentum * _velocityBound[index] + maxAbsGradient);

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> gradient, int t)
    {
        _velocityBound[index] = Momentum * _velocityBound[index] + MathF.Abs(TensorPrimitives.MaxMagnitude(gradient));
        var v = _velocity[index].AsSpan();
        TensorPrimitives.MultiplyAdd(v, Momentum, gradient, v);        // v ← μv + g
        TensorPrimitives.MultiplyAdd(v, -LearningRate, value, value);  // θ ← θ − αv
    }
}
