namespace BnnCourse.Layers;

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
    Flipout,
}
