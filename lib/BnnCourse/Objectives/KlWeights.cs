using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// The weights each <see cref="KlWeighting"/> scheme gives a minibatch's terms: the KL weight πᵢ (complexity cost = πᵢ·KL(q ‖ P))
/// and the likelihood weight (likelihood cost = weight·Σ −log p).
/// </summary>
public static class KlWeights
{
    /// <summary>
    /// Blundell's πᵢ = 2^(M−i)/(2^M − 1), i = 1…M, computed as 2^(−i)/(1 − 2^(−M)), which neither overflows nor
    /// loses the ratio for any M (terms beyond i ≈ 1074 underflow to 0, where their true value is below 10⁻³²³).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">M &lt; 1 or i outside 1…M.</exception>
    public static double Geometric(int index, int count)
    {
        Require.Positive(count, nameof(count));
        Require.InRange(index, 1, count, nameof(index));
        return Math.ScaleB(1.0, -index) / (1.0 - Math.ScaleB(1.0, -count));
    }

    /// <summary>The KL weight πᵢ of minibatch <paramref name="minibatch"/>: 1/M, Blundell's 2^(M−i)/(2^M − 1), or 1/N.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme or an invalid minibatch.</exception>
    public static double Kl(KlWeighting scheme, Minibatch minibatch)
    {
        minibatch.Validate();
        return scheme switch
        {
            KlWeighting.PerMinibatch => 1.0 / minibatch.Count,
            KlWeighting.Geometric => Geometric(minibatch.Index, minibatch.Count),
            KlWeighting.PerExample => 1.0 / minibatch.DatasetSize,
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, $"Unknown KL weighting {scheme}."),
        };
    }

    /// <summary>The weight of the minibatch's summed negative log-likelihood: 1, or 1/Bᵢ for <see cref="KlWeighting.PerExample"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown scheme or rows ≤ 0.</exception>
    public static double Likelihood(KlWeighting scheme, int rows)
    {
        Require.Positive(rows, nameof(rows));
        return scheme switch
        {
            KlWeighting.PerMinibatch or KlWeighting.Geometric => 1.0,
            KlWeighting.PerExample => 1.0 / rows,
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, $"Unknown KL weighting {scheme}."),
        };
    }
}
