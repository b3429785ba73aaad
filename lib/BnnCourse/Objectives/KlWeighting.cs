namespace BnnCourse;

/// <summary>
/// How the complexity cost KL(q ‖ P) and the likelihood cost are weighted in the objective of one minibatch.
/// The full-data free energy is F(D, θ) = KL(q(w | θ) ‖ P(w)) − E_q[log p(D | w)]; with the data split into M
/// minibatches D₁…D_M (N examples in all, Bᵢ in minibatch i, i = 1…M), each scheme defines a minibatch cost Fᵢ:
/// <list type="table">
/// <listheader><term>scheme</term><description>minibatch cost Fᵢ, and how the Fᵢ of one epoch add up</description></listheader>
/// <item><term><see cref="PerMinibatch"/></term><description>Fᵢ = KL/M − Σ_{n∈Dᵢ} log p(yₙ | xₙ, w). Σᵢ Fᵢ = F.
/// Blundell et al. (2015) eq. 8 with πᵢ = 1/M (Graves 2011). The default.</description></item>
/// <item><term><see cref="Geometric"/></term><description>Fᵢ = πᵢ KL − Σ_{n∈Dᵢ} log p(yₙ | xₙ, w) with
/// πᵢ = 2^(M−i)/(2^M − 1), so the first minibatches of an epoch carry most of the complexity cost. Σᵢ πᵢ = 1,
/// so Σᵢ Fᵢ = F. Blundell et al. (2015) §3.4, eq. 9.</description></item>
/// <item><term><see cref="PerExample"/></term><description>Fᵢ = KL/N − (1/Bᵢ) Σ_{n∈Dᵢ} log p(yₙ | xₙ, w), the
/// free energy per example: E[Fᵢ] = F/N and Σᵢ Bᵢ Fᵢ = F. The scaling of most deep-learning libraries (mean
/// log-likelihood plus KL/N); gradients are those of F divided by N, which Adam hardly notices but an SGD
/// learning rate must absorb.</description></item>
/// </list>
/// In every scheme the likelihood is a sum over examples (or the mean, for <see cref="PerExample"/>, with KL
/// divided by N to match): mixing a mean log-likelihood with an unscaled KL (the most common mistake) makes
/// the prior N times too strong.
/// </summary>
public enum KlWeighting
{
    /// <summary>πᵢ = 1/M: Fᵢ = KL/M + minibatch likelihood cost (summed over rows). Σᵢ Fᵢ = F.</summary>
    PerMinibatch,

    /// <summary>Blundell's πᵢ = 2^(M−i)/(2^M − 1), i = 1…M: Fᵢ = πᵢ KL + minibatch likelihood cost. Σᵢ Fᵢ = F.</summary>
    Geometric,

    /// <summary>Per-example scaling: Fᵢ = KL/N + mean likelihood cost over the Bᵢ rows. Σᵢ Bᵢ Fᵢ = F.</summary>
    PerExample,
}
