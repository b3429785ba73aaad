using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// Adam (Kingma and Ba 2015): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − α·m̂/(√v̂ + ϵ) with
/// m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). The moments are allocated once; each step is one fused pass per parameter
/// (<see cref="VariationalKernels.AdamStep"/>).
/// </summary>
internal sealed class Adam : Optimizer
{
    readonly float[][] _m, _v;

    /// <inheritdoc cref="Optimizer.Adam"/>
    public Adam(IEnumerable<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f,
        float? rhoLearningRate = null)
        : base(parameters, learningRate)
    {
        if (rhoLearningRate is float rr) Require.Positive(rr, nameof(rhoLearningRate));
        RhoLearningRate = rhoLearningRate;
        Beta1 = Require.HalfOpenUnitInterval(beta1, nameof(beta1));
        Beta2 = Require.HalfOpenUnitInterval(beta2, nameof(beta2));
        Epsilon = Require.Positive(epsilon, nameof(epsilon));
        _m = Parameters.Select(p => new float[p.Length]).ToArray();
        _v = Parameters.Select(p => new float[p.Length]).ToArray();
    }

    /// <summary>β₁, the decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>β₂, the decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>ϵ, added to √v̂.</summary>
    public float Epsilon { get; }

    /// <summary>
    /// The step size of the ρ parameters of <see cref="BayesianDense"/> layers, or null when they use <see cref="Optimizer.LearningRate"/>.
    /// With one, this optimizer offers no fused rule, so a trainer does not fuse (<see cref="Trainer.FuseUpdates"/> is false).
    /// </summary>
    public float? RhoLearningRate { get; }

    /// <summary>The step size parameter <paramref name="index"/> takes.</summary>
    internal float RateOf(int index) => RhoLearningRate is float r && Parameters[index].IsPosteriorRho ? r : LearningRate;

    // The fused kernels take one step size per layer: with a separate ρ rate, fusion is declined here.
    internal override AdamRule? FusedRule(int index) => RhoLearningRate is null ? new(this, _m[index], _v[index]) : null;

    internal override IEnumerable<float[]> StateArrays => _m.Concat(_v);

    /// <remarks>
    /// By Cauchy–Schwarz on m_t = (1−β₁)Σₖ β₁ᵏ g_{t−k} against v_t = (1−β₂)Σₖ β₂ᵏ g²_{t−k}:
    /// |m̂_t| / √v̂_t ≤ (1−β₁)/(1−β₁ᵗ) · √((1−β₂ᵗ)/(1−β₂) · Σ_{k&lt;t} (β₁²/β₂)ᵏ), for any gradients (about 7.3 at the defaults);
    /// the step computes that ratio before multiplying by α, so |Δθ| ≤ α times it.
    /// </remarks>
    internal override double StepBound(int index, double maxAbsGradient)
    {
        if (Beta2 == 0) return double.PositiveInfinity;
        int t = StepCount + 1;
        double b1 = Beta1, b2 = Beta2, r = b1 * b1 / b2;
        double sum = Math.Abs(r - 1) < 1e-12 ? t : (1 - Math.Pow(r, t)) / (1 - r);
        return RateOf(index) * (1 - b1) / (1 - Math.Pow(b1, t)) * Math.Sqrt((1 - Math.Pow(b2, t)) / (1 - b2) * sum);
    }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> gradient, int t)
        => VariationalKernels.AdamStep(value, gradient, _m[index], _v[index], RateOf(index), Beta1, Beta2, Epsilon, t);
}
