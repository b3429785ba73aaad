namespace BnnCourse.Data;

/// <summary>
/// Threshold-free ranking metrics of a score that should be higher for the positive class (e.g. predictive
/// entropy as a detector of out-of-distribution inputs, which are the positives): AUROC and AUPR.
/// </summary>
/// <remarks>
/// Ties are handled exactly, not by the order of the input: AUROC counts a tied positive–negative pair as ½
/// (the Mann–Whitney statistic with mid-ranks), and AUPR (average precision) moves through the distinct score
/// values from the highest down, adding each tied group's recall step at the precision after the whole group,
/// which is the definition of scikit-learn's <c>average_precision_score</c>.
/// Scores must be finite; both classes must be present.
/// </remarks>
public static partial class Metrics
{
    /// <summary>
    /// Area under the ROC curve: the probability that a random positive scores above a random negative,
    /// ties counted ½. 1 is a perfect detector, ½ a useless one.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is not finite, or a class is absent.</exception>
    public static double Auroc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        var groups = TiedGroups(scores, positive, out int positives, out int negatives);
        // From the highest score down: a positive beats every negative below its group and ties ½ with those in it.
        double pairs = 0;
        int negativesAbove = 0;
        foreach (var (size, groupPositives) in groups)
        {
            int groupNegatives = size - groupPositives;
            pairs += groupPositives * (double)(negatives - negativesAbove - groupNegatives) + 0.5 * groupPositives * groupNegatives;
            negativesAbove += groupNegatives;
        }
        return pairs / ((double)positives * negatives);
    }

    /// <summary>AUROC of in-distribution scores (the negatives) against out-of-distribution scores (the positives).</summary>
    /// <exception cref="ArgumentException">An empty set or a score that is not finite.</exception>
    public static double Auroc(ReadOnlySpan<double> inDistribution, ReadOnlySpan<double> outOfDistribution) =>
        Concatenated(inDistribution, outOfDistribution, Auroc);

    /// <summary>
    /// Area under the precision–recall curve as average precision: Σ over distinct thresholds of
    /// (recall step) × precision. Its chance level is the fraction of positives, not ½.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is not finite, or a class is absent.</exception>
    public static double Aupr(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        var groups = TiedGroups(scores, positive, out int positives, out _);
        double ap = 0;
        int truePositives = 0, ranked = 0;
        foreach (var (size, groupPositives) in groups)
        {
            ranked += size;
            truePositives += groupPositives;
            if (groupPositives > 0) ap += (double)groupPositives / positives * ((double)truePositives / ranked);
        }
        return ap;
    }

    /// <summary>AUPR with the out-of-distribution scores as the positives.</summary>
    /// <exception cref="ArgumentException">An empty set or a score that is not finite.</exception>
    public static double Aupr(ReadOnlySpan<double> inDistribution, ReadOnlySpan<double> outOfDistribution) =>
        Concatenated(inDistribution, outOfDistribution, Aupr);

    // The metric of both sets as one list of scores, the out-of-distribution ones labelled positive.
    static double Concatenated(ReadOnlySpan<double> inDistribution, ReadOnlySpan<double> outOfDistribution,
        Func<ReadOnlySpan<double>, ReadOnlySpan<bool>, double> metric)
    {
        if (inDistribution.IsEmpty)
            throw new ArgumentException("inDistribution is empty: a ranking metric needs both classes.", nameof(inDistribution));
        if (outOfDistribution.IsEmpty)
            throw new ArgumentException("outOfDistribution is empty: a ranking metric needs both classes.", nameof(outOfDistribution));
        double[] scores = [.. inDistribution, .. outOfDistribution];
        var labels = new bool[scores.Length];
        labels.AsSpan(inDistribution.Length).Fill(true);
        return metric(scores, labels);
    }

    // The groups of tied scores, highest score first: their size and how many positives they hold.
    static List<(int Size, int Positives)> TiedGroups(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, out int positives, out int negatives)
    {
        Check.SameLength(scores.Length, "one label per score", (positive.Length, nameof(positive)));
        Check.NotEmpty(scores.Length, nameof(scores));
        positives = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!double.IsFinite(scores[i]))
                throw new ArgumentException($"scores[{i}] = {scores[i]} must be finite.", nameof(scores));
            if (positive[i]) positives++;
        }
        negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException($"positive has {positives} positives and {negatives} negatives: a ranking metric needs both classes.", nameof(positive));
        var order = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort(scores.ToArray(), order); // ascending: walked from the end
        var groups = new List<(int, int)>();
        for (int k = order.Length - 1; k >= 0;)
        {
            double s = scores[order[k]];
            int size = 0, groupPositives = 0;
            for (; k >= 0 && scores[order[k]] == s; k--, size++)
                if (positive[order[k]]) groupPositives++;
            groups.Add((size, groupPositives));
        }
        return groups;
    }
}
