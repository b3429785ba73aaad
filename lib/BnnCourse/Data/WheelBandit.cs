using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// The wheel bandit of Riquelme, Tucker and Snoek (2018), "Deep Bayesian Bandits Showdown", §B: a context
/// x ~ U(unit disk) in ℝ², five actions. Action 0 pays N(μ₁, σ²) everywhere. Inside the disk ‖x‖ ≤ δ actions
/// 1–4 pay N(μ₂, σ²) (so action 0 is optimal there); outside it, the action of x's quadrant
/// (1: x₁ &gt; 0, x₂ &gt; 0; 2: x₁ &gt; 0, x₂ ≤ 0; 3: x₁ ≤ 0, x₂ &gt; 0; 4: x₁ ≤ 0, x₂ ≤ 0) pays N(μ₃, σ²) and the other
/// three pay N(μ₂, σ²). The optimal policy is known in closed form (<see cref="OptimalAction"/>), so the regret of
/// a decision is exact: E[r | x, a*] − E[r | x, a]. The larger δ, the rarer the high-paying region and the more an
/// agent must explore to find it.
/// </summary>
public sealed class WheelBandit
{
    /// <summary>A wheel bandit with exploration parameter δ ∈ (0, 1) and the paper's rewards (μ₁ = 1.2, μ₂ = 1, μ₃ = 50, σ = 0.01).</summary>
    /// <exception cref="ArgumentOutOfRangeException">δ outside (0, 1), σ &lt; 0 or a non-finite mean.</exception>
    public WheelBandit(double delta, double mu1 = 1.2, double mu2 = 1.0, double mu3 = 50.0, double sigma = 0.01)
    {
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must lie in (0, 1).");
        if (!double.IsFinite(mu1)) throw new ArgumentOutOfRangeException(nameof(mu1), mu1, "μ₁ must be finite.");
        if (!double.IsFinite(mu2)) throw new ArgumentOutOfRangeException(nameof(mu2), mu2, "μ₂ must be finite.");
        if (!double.IsFinite(mu3)) throw new ArgumentOutOfRangeException(nameof(mu3), mu3, "μ₃ must be finite.");
        if (!(sigma >= 0 && double.IsFinite(sigma))) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be finite and ≥ 0.");
        Delta = delta; Mu1 = mu1; Mu2 = mu2; Mu3 = mu3; Sigma = sigma;
    }

    /// <summary>Number of actions (5).</summary>
    public const int Actions = 5;
    /// <summary>Context dimension (2).</summary>
    public const int ContextSize = 2;

    /// <summary>Radius δ of the inner disk.</summary>
    public double Delta { get; }
    /// <summary>Mean reward μ₁ of action 0.</summary>
    public double Mu1 { get; }
    /// <summary>Mean reward μ₂ of a non-matching action 1–4.</summary>
    public double Mu2 { get; }
    /// <summary>Mean reward μ₃ of the quadrant's action outside the inner disk.</summary>
    public double Mu3 { get; }
    /// <summary>Reward noise σ.</summary>
    public double Sigma { get; }

    /// <summary>Draws x uniformly on the unit disk (radius √u, angle 2πv) into <paramref name="context"/> (length 2).</summary>
    public void SampleContext(Xoshiro256 random, Span<float> context)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (context.Length != ContextSize) throw new ArgumentException($"context has length {context.Length}, the wheel bandit's is {ContextSize}.", nameof(context));
        double r = Math.Sqrt(random.NextDouble()), angle = 2 * Math.PI * random.NextDouble();
        context[0] = (float)(r * Math.Cos(angle));
        context[1] = (float)(r * Math.Sin(angle));
    }

    /// <summary>The action of x's quadrant (1–4), the one that pays μ₃ outside the inner disk.</summary>
    public static int QuadrantAction(ReadOnlySpan<float> context) => context[0] > 0 ? (context[1] > 0 ? 1 : 2) : (context[1] > 0 ? 3 : 4);

    /// <summary>E[r | x, a], the mean reward of action <paramref name="action"/> at context x.</summary>
    public double ExpectedReward(ReadOnlySpan<float> context, int action)
    {
        Check(context, action);
        if (action == 0) return Mu1;
        bool outside = (double)context[0] * context[0] + (double)context[1] * context[1] > Delta * Delta;
        return outside && action == QuadrantAction(context) ? Mu3 : Mu2;
    }

    /// <summary>The optimal action at x: the quadrant's action outside the inner disk (when μ₃ &gt; μ₁), action 0 inside it (when μ₁ ≥ μ₂).</summary>
    public int OptimalAction(ReadOnlySpan<float> context)
    {
        int best = 0;
        for (int a = 1; a < Actions; a++)
            if (ExpectedReward(context, a) > ExpectedReward(context, best)) best = a;
        return best;
    }

    /// <summary>Regret of a decision: E[r | x, a*(x)] − E[r | x, a] ≥ 0.</summary>
    public double Regret(ReadOnlySpan<float> context, int action) => ExpectedReward(context, OptimalAction(context)) - ExpectedReward(context, action);

    /// <summary>A reward r ~ N(E[r | x, a], σ²).</summary>
    public double SampleReward(ReadOnlySpan<float> context, int action, Xoshiro256 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return ExpectedReward(context, action) + Sigma * random.NextStandardNormal();
    }

    /// <summary>The probability 1 − δ² that a context falls outside the inner disk (where the high reward lies).</summary>
    public double OutsideProbability => 1 - Delta * Delta;

    static void Check(ReadOnlySpan<float> context, int action)
    {
        if (context.Length != ContextSize) throw new ArgumentException($"context has length {context.Length}, the wheel bandit's is {ContextSize}.", nameof(context));
        if ((uint)action >= Actions) throw new ArgumentOutOfRangeException(nameof(action), action, $"action must be 0–{Actions - 1}.");
    }
}
