using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// How one forward pass runs: sampled weights (a seeded generator is given) or mean weights w = μ (no generator,
/// every ε = 0), and whether it is a training pass (computes the complexity cost and adds its gradient, scaled by
/// <see cref="KlScale"/>, into the workspace's gradient buffers).
/// </summary>
internal readonly struct ForwardContext
{
    ForwardContext(Xoshiro256? rng, bool training, float klScale) => (Rng, Training, KlScale) = (rng, training, klScale);

    /// <summary>The generator drawing every ε of this pass, or null for the mean weights w = μ.</summary>
    public Xoshiro256? Rng { get; }

    /// <summary>True for a training pass (complexity cost computed, backward buffers filled).</summary>
    public bool Training { get; }

    /// <summary>The weight of the complexity cost in the objective (the KL gradient is multiplied by it).</summary>
    public float KlScale { get; }

    /// <summary>A training pass with sampled weights and KL weight <paramref name="klScale"/>.</summary>
    public static ForwardContext Train(Xoshiro256 rng, float klScale) => new(rng ?? throw new ArgumentNullException(nameof(rng)), true, klScale);

    /// <summary>A training pass at the mean weights (ε = 0), deterministic: gradient checks and exact objective sums.</summary>
    public static ForwardContext TrainMean(float klScale) => new(null, true, klScale);

    /// <summary>A prediction pass with one weight sample drawn from <paramref name="rng"/>.</summary>
    public static ForwardContext Sample(Xoshiro256 rng) => new(rng ?? throw new ArgumentNullException(nameof(rng)), false, 0f);

    /// <summary>A prediction pass at the mean weights w = μ.</summary>
    public static ForwardContext Mean => new(null, false, 0f);
}
