namespace BnnCourse.Plotting;

public static partial class Charts
{
    /// <summary>
    /// The variational free energy F = KL[q(w|θ) ‖ P(w)] − E_q[log P(D|w)] split into its two parts over training
    /// (Blundell et al. 2015, eq. 2): the complexity cost, the likelihood cost, and their sum F (dashed).
    /// Traces: complexity, likelihood, total.
    /// </summary>
    /// <param name="title">The claim the chart shows.</param>
    /// <param name="step">Training step (or epoch) of each record, ascending.</param>
    /// <param name="complexity">Complexity cost KL[q ‖ P] at each step, in nats (as scaled in the loss).</param>
    /// <param name="likelihood">Likelihood cost −E_q[log P(D|w)] at each step, in nats.</param>
    /// <param name="logY">Draw the y axis on a log scale (both parts must then be &gt; 0).</param>
    /// <param name="xTitle">The x axis title ("epoch" when <paramref name="step"/> counts epochs).</param>
    /// <exception cref="ArgumentException">Lengths differ, the title is empty, or logY with a value ≤ 0.</exception>
    public static GenericChart FreeEnergyParts(string title, Series step, Series complexity, Series likelihood, bool logY = false, string xTitle = "step")
    {
        RequireTitle(title);
        var s = step.Require(nameof(step));
        var kl = complexity.Require(nameof(complexity), s.Length);
        var nll = likelihood.Require(nameof(likelihood), s.Length);
        var total = new double[s.Length];
        for (int i = 0; i < s.Length; i++)
            total[i] = kl[i] + nll[i];
        if (logY && kl.Concat(nll).Any(v => !(v > 0)))
            throw new ArgumentException("logY needs every complexity and likelihood value > 0.", nameof(logY));
        return Styled(Chart.Combine(
            [
                Chart.Line<double, double, string>(x: s, y: kl, Name: "complexity cost KL[q ‖ P]", LineColor: Colour(Orange)),
                Chart.Line<double, double, string>(x: s, y: nll, Name: "likelihood cost −E_q[log P(D|w)]", LineColor: Colour(Blue)),
                Chart.Line<double, double, string>(x: s, y: total, Name: "free energy F (sum)", LineColor: Colour(Grey), LineDash: StyleParam.DrawingStyle.Dash),
            ]), title, xTitle, "nats", logY: logY);
    }

    /// <summary>
    /// A reliability diagram: per confidence bin, the accuracy (bars) against the mean confidence, with the
    /// diagonal of perfect calibration. Bars below the diagonal mean over-confidence. The bars' legend entry gives
    /// the expected calibration error ECE = Σ_b (n_b / N)·|acc_b − conf_b|; hovering a bar shows its count.
    /// Traces: accuracy bars, diagonal.
    /// </summary>
    /// <param name="title">The claim the chart shows.</param>
    /// <param name="confidence">Mean predicted confidence in each bin, in [0, 1].</param>
    /// <param name="accuracy">Fraction correct in each bin, in [0, 1].</param>
    /// <param name="count">Number of predictions in each bin, ≥ 0, not all 0.</param>
    /// <exception cref="ArgumentException">Lengths differ, a value is outside its range, or all counts are 0.</exception>
    public static GenericChart ReliabilityDiagram(string title, Series confidence, Series accuracy, Series count)
    {
        RequireTitle(title);
        var conf = confidence.Require(nameof(confidence));
        var acc = accuracy.Require(nameof(accuracy), conf.Length);
        var n = count.Require(nameof(count), conf.Length);
        for (int b = 0; b < conf.Length; b++)
        {
            if (!(conf[b] >= 0 && conf[b] <= 1)) throw new ArgumentException($"confidence[{b}] = {conf[b]} is outside [0, 1].", nameof(confidence));
            if (!(acc[b] >= 0 && acc[b] <= 1)) throw new ArgumentException($"accuracy[{b}] = {acc[b]} is outside [0, 1].", nameof(accuracy));
            if (!(n[b] >= 0)) throw new ArgumentException($"count[{b}] = {n[b]} is negative.", nameof(count));
        }
        double ece = ExpectedCalibrationError(conf, acc, n);
        return Chart.Combine(
            [
                Chart.Column<double, double, string>(values: acc, Keys: conf, Name: $"accuracy (ECE {ece:F3})", Width: BarWidth(conf),
                    MultiText: n.Select(c => $"n = {c:G}").ToArray(), MarkerColor: Colour(Blue)),
                Chart.Line<double, double, string>(x: [0.0, 1.0], y: [0.0, 1.0], Name: "perfectly calibrated", LineColor: Colour(Grey), LineDash: StyleParam.DrawingStyle.Dash),
            ])
            .Styled(title, "confidence", "accuracy", 600, 550)
            .WithXAxisStyle<double, double, string>(MinMax: Tuple.Create(-0.02, 1.02))
            .WithYAxisStyle<double, double, string>(MinMax: Tuple.Create(-0.02, 1.02));
    }

    /// <summary>Bars 90 % as wide as the closest two bin centres are apart, at most 0.1 (ten bins on [0, 1]).</summary>
    private static double BarWidth(double[] centres)
    {
        var sorted = centres.Order().ToArray();
        double gap = 0.1;
        for (int i = 1; i < sorted.Length; i++)
            if (sorted[i] > sorted[i - 1])
                gap = Math.Min(gap, sorted[i] - sorted[i - 1]);
        return 0.9 * gap;
    }

    /// <summary>ECE = Σ_b (n_b / N)·|acc_b − conf_b| over bins with N = Σ n_b &gt; 0.</summary>
    internal static double ExpectedCalibrationError(double[] confidence, double[] accuracy, double[] count)
    {
        double total = count.Sum();
        if (!(total > 0))
            throw new ArgumentException("All bin counts are 0.", nameof(count));
        double ece = 0;
        for (int b = 0; b < confidence.Length; b++)
            ece += count[b] / total * Math.Abs(accuracy[b] - confidence[b]);
        return ece;
    }
}
