using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Scoring;

public class RankingMetricsTests
{
    [Fact]
    public void Auroc_and_aupr_match_hand_computation_without_ties()
    {
        double[] s = [0.9, 0.8, 0.7, 0.1];
        bool[] y = [true, false, true, false];
        // pairs: 0.9 beats both negatives, 0.7 beats 0.1: 3 of 4
        Assert.Equal(0.75, Metrics.Auroc(s, y), 12);
        // recall ½ at precision 1, then recall ½ more at precision 2/3
        Assert.Equal(0.5 * 1 + 0.5 * 2.0 / 3, Metrics.Aupr(s, y), 12);
    }

    [Fact]
    public void Ties_count_half_and_do_not_depend_on_input_order()
    {
        // positive tied with one negative at 1, above the other at 0: (½ + 1) / 2
        Assert.Equal(0.75, Metrics.Auroc([1.0, 1, 0], [true, false, false]), 12);
        Assert.Equal(0.75, Metrics.Auroc([1.0, 1, 0], [false, true, false]), 12);
        // the tied group is taken whole: recall 1 at precision ½
        Assert.Equal(0.5, Metrics.Aupr([1.0, 1, 0], [true, false, false]), 12);
        Assert.Equal(0.5, Metrics.Aupr([1.0, 1, 0], [false, true, false]), 12);
        // all tied: AUROC ½, AUPR the fraction of positives
        Assert.Equal(0.5, Metrics.Auroc([3.0, 3, 3, 3], [true, false, false, false]), 12);
        Assert.Equal(0.25, Metrics.Aupr([3.0, 3, 3, 3], [true, false, false, false]), 12);
    }

    [Fact]
    public void Perfect_and_reversed_detectors()
    {
        Assert.Equal(1, Metrics.Auroc([0.1, 0.2], [0.3, 0.4, 0.5]));
        Assert.Equal(1, Metrics.Aupr([0.1, 0.2], [0.3, 0.4, 0.5]));
        Assert.Equal(0, Metrics.Auroc([0.3, 0.4, 0.5], [0.1, 0.2]));
        // reversed: the two positives come last among 5 → precision 1/4 then 2/5
        Assert.Equal(0.5 / 4 + 0.5 * 2 / 5.0, Metrics.Aupr([0.3, 0.4, 0.5], [0.1, 0.2]), 12);
    }

    [Fact]
    public void Random_tied_scores_match_brute_force_definitions()
    {
        var random = new Xoshiro256(14);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = 2 + random.NextInt(40);
            var s = new double[n];
            var y = new bool[n];
            for (int i = 0; i < n; i++) { s[i] = random.NextInt(6); y[i] = random.NextInt(3) == 0; }
            y[0] = true; y[1] = false;
            // brute force AUROC: every positive–negative pair
            double pairs = 0; int p = 0, q = 0;
            for (int i = 0; i < n; i++)
            {
                if (y[i]) p++; else q++;
                if (!y[i]) continue;
                for (int j = 0; j < n; j++)
                    if (!y[j]) pairs += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
            }
            Assert.Equal(pairs / (p * (double)q), Metrics.Auroc(s, y), 12);
            Assert.Equal(1 - pairs / (p * (double)q), Metrics.Auroc(s.Select(v => -v).ToArray(), y), 12);
            // brute force AP: each distinct threshold t, precision and recall of {s ≥ t}
            double ap = 0, previousRecall = 0;
            foreach (double t in s.Distinct().OrderByDescending(v => v))
            {
                int selected = 0, hits = 0;
                for (int i = 0; i < n; i++) if (s[i] >= t) { selected++; if (y[i]) hits++; }
                double recall = (double)hits / p;
                ap += (recall - previousRecall) * hits / selected;
                previousRecall = recall;
            }
            Assert.Equal(ap, Metrics.Aupr(s, y), 12);
        }
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        Assert.Equal("positive", Assert.Throws<ArgumentException>(() => Metrics.Auroc([1.0, 2], [true])).ParamName);
        Assert.Equal("positive", Assert.Throws<ArgumentException>(() => Metrics.Auroc([1.0, 2], [true, true])).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => Metrics.Aupr([1.0, double.NaN], [true, false])).ParamName);
        Assert.Equal("outOfDistribution", Assert.Throws<ArgumentException>(() => Metrics.Auroc([1.0], ReadOnlySpan<double>.Empty)).ParamName);
    }
}
