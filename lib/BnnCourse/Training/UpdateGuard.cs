using System.Numerics.Tensors;

namespace BnnCourse;

/// <summary>
/// Refuses an optimizer step that could make a parameter non-finite, before anything is written, so that a
/// <see cref="TrainingDivergedException"/> saying "parameters keep their last finite values" is true.
/// </summary>
/// <remarks>
/// At an ordinary learning rate (α ≤ 10³) the course's optimizers bound their own step: Adam's |Δθ| ≤ α·C(β₁, β₂, t)
/// whatever the gradients (Cauchy–Schwarz on m̂/√v̂, see <see cref="Adam"/>), SGD's |Δθ| ≤ α·(μ·|v| + max|g|). The
/// guard keeps an upper bound Uₖ on max|θₖ| per parameter (measured exactly when unknown or when it nears the edge)
/// and refuses the step when Uₖ + 2·bound could pass 10²⁵: far beyond any trained weight, and low enough that no
/// intermediate of the update (α·m̂, a prior's gradient μ/σₚ²) can overflow either. Gradients of magnitude ≥ 10¹⁸ are
/// refused too (their squares would overflow Adam's second moment). At a larger learning rate, or with an optimizer
/// of another kind, the guard copies every parameter before the step and, if the step wrote a non-finite value,
/// restores them all and throws: exact, at the cost of one copy per step. The bounds assume parameters change only
/// through the trainer between steps; each Trainer.Fit call re-measures them.
/// </remarks>
internal sealed class UpdateGuard
{
    /// <summary>Largest gradient magnitude accepted: (10¹⁸·ε)² stays inside the float range.</summary>
    internal const float GradientLimit = 1e18f;
    /// <summary>Largest learning rate for which the bounded check is used; above it, snapshot and roll back.</summary>
    internal const float BoundedLearningRateLimit = 1e3f;
    const double Edge = 1e25;

    readonly Optimizer _optimizer;
    readonly IReadOnlyList<Parameter> _parameters;
    readonly double[] _bound;          // Uₖ ≥ max |θₖ|, NaN when unknown
    readonly double[] _pendingStep;    // 2 × the step bound of the update being checked
    float[][]? _arrays;                // the parameters, then the optimizer's state (Adam's moments, SGD's velocities)
    float[][]? _snapshot;              // allocated the first time a step needs it
    int _snapshotStepCount;
    bool _snapshotStep;                // this step is guarded by snapshot and rollback

    public UpdateGuard(Optimizer optimizer)
    {
        _optimizer = optimizer;
        _parameters = optimizer.Parameters;
        _bound = new double[_parameters.Count];
        _pendingStep = new double[_parameters.Count];
        Reset();
    }

    /// <summary>Forget the bounds (parameters may have been changed by hand): they are re-measured when needed.</summary>
    public void Reset() => Array.Fill(_bound, double.NaN);

    /// <summary>
    /// Before the update: decides how this step is guarded (by bounds, or by a snapshot), and with bounds throws if the
    /// update of a parameter k whose gradient has magnitude at most maxAbsGradients[k] (0 when fused: Adam's bound does
    /// not depend on it) could leave the safe range.
    /// </summary>
    public void BeginStep(ReadOnlySpan<float> maxAbsGradients, int step, int epoch)
    {
        _snapshotStep = !(_optimizer.LearningRate <= BoundedLearningRateLimit && double.IsFinite(_optimizer.StepBound(0, 0)));
        if (_snapshotStep)
        {
            var arrays = _arrays ??= [.. _parameters.Select(p => p.Value), .. _optimizer.StateArrays];
            _snapshot ??= arrays.Select(a => new float[a.Length]).ToArray();
            for (int k = 0; k < arrays.Length; k++) arrays[k].CopyTo(_snapshot[k], 0);
            _snapshotStepCount = _optimizer.StepCount;
            Reset();
            return;
        }
        for (int k = 0; k < _parameters.Count; k++)
        {
            double stepBound = 2 * _optimizer.StepBound(k, maxAbsGradients[k]);
            _pendingStep[k] = stepBound;
            if (_bound[k] + stepBound < Edge) continue; // false for NaN: measure
            _bound[k] = MathF.Abs(TensorPrimitives.MaxMagnitude(_parameters[k].Value));
            if (_bound[k] + stepBound < Edge) continue;
            var p = _parameters[k];
            throw new TrainingDivergedException(step, epoch, Where(p),
                $"the update of {p.Name} was refused: it could take a parameter beyond {Edge:g1} on the way to non-finite values " +
                $"(max |θ| = {_bound[k]:g4}, bound on the step {stepBound / 2:g4} at learning rate {_optimizer.LearningRate:g4})");
        }
    }

    /// <summary>
    /// After the update: with bounds, each Uₖ grows by its step's bound; with a snapshot, restore every parameter and
    /// throw if the step wrote a non-finite value.
    /// </summary>
    public void EndStep(int step, int epoch)
    {
        if (!_snapshotStep)
        {
            for (int k = 0; k < _bound.Length; k++) _bound[k] += _pendingStep[k];
            return;
        }
        for (int k = 0; k < _parameters.Count; k++)
        {
            var p = _parameters[k];
            if (float.IsFinite(TensorPrimitives.MaxMagnitude(p.Value))) continue;
            int bad = p.Value.Count(v => !float.IsFinite(v));
            for (int j = 0; j < _arrays!.Length; j++) _snapshot![j].CopyTo(_arrays[j], 0);
            _optimizer.StepCount = _snapshotStepCount;
            throw new TrainingDivergedException(step, epoch, Where(p),
                $"the update of {p.Name} was refused: it made {bad} of its {p.Length} values non-finite (learning rate " +
                $"{_optimizer.LearningRate:g4}); every parameter (and the optimizer's state) was restored to its value before the step");
        }
    }

    static string Where(Parameter p) => p.Owner.Length > 0 ? p.Owner : p.Name;
}
