namespace BnnCourse;

/// <summary>
/// The one seam of the fused training step. An optimizer that can hand its per-element rule to a layer offers one
/// <see cref="AdamRule"/> per parameter (<see cref="Optimizer.FusedRule"/>); a layer that can fold its backward step
/// through w = μ + σ ⊙ ε, its complexity-cost gradient and that rule into one pass per weight block accepts them when
/// the trainer builds its workspace (<see cref="Layer.AcceptFusedUpdate"/>). From then on the layer's buffers in that
/// workspace never write their gradient arrays; the workspace is the trainer's own, so nobody reads them.
/// </summary>
internal interface IFusedUpdate
{
    /// <summary>max |∂f/∂w| of the last backward pass (NaN when one is NaN), checked before <see cref="Apply"/>.</summary>
    float GradientMagnitude();

    /// <summary>Update step <paramref name="t"/> with complexity-cost weight <paramref name="klScale"/>; returns the unscaled KL before the update.</summary>
    double Apply(float klScale, int t);
}

/// <summary>Adam's rule for one parameter: the optimizer (α, β₁, β₂, ϵ read at every step) and the parameter's moments.</summary>
internal sealed record AdamRule(Adam Adam, float[] M, float[] V);
