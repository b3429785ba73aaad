namespace BnnCourse;

/// <summary>How a <see cref="BayesianDense"/> layer turns q(w | θ) into a differentiable sampled forward pass.</summary>
public enum GradientEstimator
{
    /// <summary>
    /// Weight reparameterization (Blundell et al. 2015): one weight sample w = μ + σ ⊙ ε per minibatch, shared by all
    /// rows, and Blundell's update Δμ = ∂f/∂w + ∂f/∂μ, Δρ = ∂f/∂w · ε/(1 + e^(−ρ)) + ∂f/∂ρ.
    /// </summary>
    WeightReparameterization,

    /// <summary>
    /// Local reparameterization (Kingma, Salimans and Welling 2015): each row's pre-activations are sampled
    /// directly from N(Xμ + μ_b, X²σ² + σ_b²), independent across rows: lower-variance gradients.
    /// </summary>
    LocalReparameterization,

    /// <summary>
    /// Flipout (Wen et al. 2018): one shared perturbation ΔW = σ ⊙ ε decorrelated across rows by random signs,
    /// y = Xμ + ((X ⊙ S) ΔW) ⊙ R + b, with S and R independent ±1 per row.
    /// </summary>
    /// <remarks>
    /// What is decorrelated and what is not: the weight noise term ((X ⊙ S) ΔW) ⊙ R of two different rows is
    /// uncorrelated (their signs are independent), but the bias b = μ_b + σ_b ⊙ ε_b is drawn once per minibatch and
    /// shared by every row, as in TensorFlow Probability's DenseFlipout. So for rows r ≠ s the pre-activations of unit
    /// j have Cov(y_rj, y_sj) = σ_bj² whatever the inputs (0 under <see cref="LocalReparameterization"/>,
    /// Σᵢ x_ri x_si σ_ij² + σ_bj² under <see cref="WeightReparameterization"/>). Each row's marginal distribution is
    /// the same under all three estimators.
    /// </remarks>
    Flipout,
}
