using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// A first-order optimizer over a fixed list of parameters: each <see cref="Step"/> applies one update from their
/// gradients. The base holds what <see cref="Adam"/> and <see cref="SgdMomentum"/> share: the parameter list, the step
/// count, the learning rate and the gradient checks.
/// </summary>
/// <remarks>Thread safety: a step writes the parameters and the optimizer's moments; not safe for concurrent use.</remarks>
public abstract class Optimizer
{
    /// <summary>
    /// Adam (Kingma and Ba 2015), the optimizer of the course, over <paramref name="parameters"/> with step size α,
    /// decay rates β₁, β₂ ∈ [0, 1) and ϵ &gt; 0; with <paramref name="rhoLearningRate"/> given, the ρ parameters of
    /// <see cref="BayesianDense"/> layers step with that rate instead of α (two parameter groups, as in PyTorch). A
    /// <see cref="Trainer"/> fuses Adam with the backward pass of eligible layers (not with a separate ρ rate).
    /// </summary>
    /// <exception cref="ArgumentException">No parameters, α ≤ 0, β outside [0, 1), ϵ ≤ 0, or rhoLearningRate ≤ 0 (each named with its value).</exception>
    public static Optimizer Adam(IEnumerable<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float? rhoLearningRate = null)
        => new Adam(parameters, learningRate, beta1, beta2, epsilon, rhoLearningRate);

    /// <summary>Stochastic gradient descent with heavy-ball momentum μ ∈ [0, 1): v ← μv + g, θ ← θ − α·v.</summary>
    /// <exception cref="ArgumentException">No parameters, α ≤ 0, or momentum outside [0, 1).</exception>
    public static Optimizer SgdMomentum(IEnumerable<Parameter> parameters, float learningRate, float momentum = 0.9f)
        => new SgdMomentum(parameters, learningRate, momentum);

    /// <summary>An optimizer over <paramref name="parameters"/> with step size <paramref name="learningRate"/> &gt; 0.</summary>
    /// <exception cref="ArgumentException">No parameters, a parameter twice, or a learning rate ≤ 0, NaN or infinite.</exception>
    protected Optimizer(IEnumerable<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToArray();
        if (list.Length == 0) throw new ArgumentException("The optimizer needs at least one parameter (got none).", nameof(parameters));
        if (list.Distinct().Count() != list.Length) throw new ArgumentException("A parameter appears twice in parameters.", nameof(parameters));
        Require.Positive(learningRate, nameof(learningRate));
        Parameters = list;
        LearningRate = learningRate;
    }

    /// <summary>The parameters updated in place, in the order the gradients are given.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Number of updates applied so far (t).</summary>
    /// <remarks>Set internally by a trainer that applies a step piecewise (fused with the backward pass) or undoes a refused one.</remarks>
    public int StepCount { get; internal set; }

    /// <summary>The learning rate (step size), &gt; 0.</summary>
    public float LearningRate
    {
        get;
        set { Require.Positive(value, nameof(LearningRate)); field = value; }
    }

    /// <summary>One update θ ← θ − (step from the gradient), gradients aligned with <see cref="Parameters"/>.</summary>
    /// <exception cref="ArgumentException">The gradient list does not match the parameters.</exception>
    public void Step(IReadOnlyList<float[]> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        Require.Length(gradients.Count, Parameters.Count, nameof(gradients));
        for (int k = 0; k < gradients.Count; k++)
            if (gradients[k] is null || gradients[k].Length != Parameters[k].Length)
                throw new ArgumentException($"gradients[{k}] has {gradients[k]?.Length ?? 0} elements but parameter '{Parameters[k]}' has {Parameters[k].Length}.", nameof(gradients));
        StepCount++;
        for (int k = 0; k < gradients.Count; k++) Update(k, Parameters[k].Value, gradients[k], StepCount);
    }

    /// <summary>The optimizer's state arrays (moments, velocities), for a trainer that must undo a refused step.</summary>
    internal virtual IEnumerable<float[]> StateArrays => [];

    /// <summary>The rule a fusing layer may apply itself to parameter <paramref name="index"/> (<see cref="IFusedUpdate"/>), or null.</summary>
    internal virtual AdamRule? FusedRule(int index) => null;

    /// <summary>Applies step t to parameter <paramref name="index"/> alone (a step applied piecewise).</summary>
    internal void UpdateOne(int index, ReadOnlySpan<float> gradient, int t) => Update(index, Parameters[index].Value, gradient, t);

    /// <summary>Applies step <paramref name="t"/> (≥ 1) to parameter <paramref name="index"/>.</summary>
    protected abstract void Update(int index, Span<float> value, ReadOnlySpan<float> gradient, int t);

    /// <summary>
    /// An upper bound on |Δθ| of parameter <paramref name="index"/> at the next step (t = StepCount + 1), given that its
    /// gradient has magnitude at most <paramref name="maxAbsGradient"/>; +∞ when there is none. The trainer uses it to
    /// refuse a step that could make a parameter non-finite before anything is written.
    /// </summary>
    internal virtual double StepBound(int index, double maxAbsGradient) => double.PositiveInfinity;
}
