namespace BnnCourse.Data;

/// <summary>
/// Uncertainty of a Monte Carlo classifier from S sampled class-probability vectors per point (nats):
/// predictive entropy H[p̄] with p̄ = (1/S) Σ_s p_s (total), expected entropy (1/S) Σ_s H[p_s] (aleatoric),
/// and their difference, the mutual information between the label and the weights (epistemic; the BALD score of
/// Houlsby et al. 2011): I = H[p̄] − (1/S) Σ_s H[p_s] = (1/S) Σ_s KL(p_s ‖ p̄) ≥ 0.
/// </summary>
/// <remarks>
/// Layout: S blocks of N × K, probability of class k for point i under sample s at (s·N + i)·K + k
/// (S prediction matrices stacked). 0·log 0 = 0. The mutual information is computed in the KL form, which is
/// exactly 0 when all samples agree; rounding can leave it a few ulps below 0, and such values are set to 0.
/// </remarks>
public static partial class Metrics
{
    /// <summary>The entropy −Σ_k p_k log p_k of one distribution (nats).</summary>
    public static double Entropy(ReadOnlySpan<float> probabilities)
    {
        double h = 0;
        foreach (float p in probabilities)
            if (p > 0) h -= p * Math.Log(p);
        return h;
    }

    /// <summary>
    /// All three quantities at once, plus the mean probabilities p̄ (N × K), in one pass over the samples.
    /// </summary>
    /// <param name="sampledProbabilities">S·N·K probabilities in the layout above.</param>
    /// <param name="samples">S ≥ 1.</param>
    /// <param name="classes">K ≥ 1.</param>
    /// <param name="meanProbabilities">Output p̄, length N·K.</param>
    /// <param name="predictiveEntropy">Output H[p̄], length N.</param>
    /// <param name="expectedEntropy">Output (1/S) Σ_s H[p_s], length N.</param>
    /// <param name="mutualInformation">Output I, length N.</param>
    /// <exception cref="ArgumentException">Inconsistent lengths.</exception>
    public static void DecomposeEntropy(ReadOnlySpan<float> sampledProbabilities, int samples, int classes,
        Span<float> meanProbabilities, Span<double> predictiveEntropy, Span<double> expectedEntropy, Span<double> mutualInformation)
    {
        int n = Check.Points(sampledProbabilities.Length, samples, classes, nameof(sampledProbabilities));
        Check.SameLength(n * classes, "points · classes", (meanProbabilities.Length, nameof(meanProbabilities)));
        Check.SameLength(n, "points", (predictiveEntropy.Length, nameof(predictiveEntropy)),
            (expectedEntropy.Length, nameof(expectedEntropy)), (mutualInformation.Length, nameof(mutualInformation)));
        var mean = new double[classes];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(mean);
            double sampledEntropy = 0;
            for (int s = 0; s < samples; s++)
            {
                var p = sampledProbabilities.Slice((s * n + i) * classes, classes);
                for (int k = 0; k < classes; k++) mean[k] += p[k];
                sampledEntropy += Entropy(p);
            }
            double h = 0;
            for (int k = 0; k < classes; k++)
            {
                mean[k] /= samples;
                meanProbabilities[i * classes + k] = (float)mean[k];
                if (mean[k] > 0) h -= mean[k] * Math.Log(mean[k]);
            }
            double kl = 0;
            for (int s = 0; s < samples; s++)
            {
                var p = sampledProbabilities.Slice((s * n + i) * classes, classes);
                for (int k = 0; k < classes; k++)
                    if (p[k] > 0) kl += p[k] * Math.Log(p[k] / mean[k]);
            }
            predictiveEntropy[i] = h;
            expectedEntropy[i] = sampledEntropy / samples;
            mutualInformation[i] = Math.Max(0, kl / samples);
        }
    }

    /// <summary>Predictive entropy H[p̄] per point (total uncertainty).</summary>
    /// <exception cref="ArgumentException">Inconsistent lengths.</exception>
    public static double[] PredictiveEntropy(ReadOnlySpan<float> sampledProbabilities, int samples, int classes) =>
        Run(sampledProbabilities, samples, classes).Predictive;

    /// <summary>Expected entropy (1/S) Σ_s H[p_s] per point (aleatoric part).</summary>
    /// <exception cref="ArgumentException">Inconsistent lengths.</exception>
    public static double[] ExpectedEntropy(ReadOnlySpan<float> sampledProbabilities, int samples, int classes) =>
        Run(sampledProbabilities, samples, classes).Expected;

    /// <summary>Mutual information (BALD) per point (epistemic part), ≥ 0.</summary>
    /// <exception cref="ArgumentException">Inconsistent lengths.</exception>
    public static double[] MutualInformation(ReadOnlySpan<float> sampledProbabilities, int samples, int classes) =>
        Run(sampledProbabilities, samples, classes).Mutual;

    static (double[] Predictive, double[] Expected, double[] Mutual) Run(ReadOnlySpan<float> probabilities, int samples, int classes)
    {
        int n = Check.Points(probabilities.Length, samples, classes, "sampledProbabilities");
        var r = (new double[n], new double[n], new double[n]);
        DecomposeEntropy(probabilities, samples, classes, new float[n * classes], r.Item1, r.Item2, r.Item3);
        return r;
    }
}
