namespace BnnCourse.Plotting;

/// <summary>
/// One-call charts for the course. Every chart takes a title first: write the claim the chart shows
/// ("Epistemic uncertainty grows away from the data"), not its content ("Predictions").
/// Arrays of double, float or int are accepted wherever a <see cref="Series"/> is asked for.
/// </summary>
public static partial class Charts
{
    /// <summary>
    /// Predictive mean with two shaded credible bands, the total one (epistemic + aleatoric, wider, lighter)
    /// behind the epistemic one, over the training points.
    /// Traces, in order: total lower edge, total band, epistemic lower edge, epistemic band, mean, training data.
    /// </summary>
    /// <param name="title">The claim the chart shows.</param>
    /// <param name="x">Inputs at which the predictive was evaluated, ascending.</param>
    /// <param name="mean">Predictive mean at each x.</param>
    /// <param name="epistemic">Credible band from weight uncertainty only.</param>
    /// <param name="total">Credible band including observation noise.</param>
    /// <param name="trainX">Training inputs.</param>
    /// <param name="trainY">Training targets.</param>
    /// <exception cref="ArgumentException">Lengths disagree or the title is empty.</exception>
    public static GenericChart PredictiveBands(string title, Series x, Series mean, Band epistemic, Band total, Series trainX, Series trainY)
    {
        RequireTitle(title);
        var xs = x.Require(nameof(x));
        var m = mean.Require(nameof(mean), xs.Length);
        ArgumentNullException.ThrowIfNull(epistemic);
        ArgumentNullException.ThrowIfNull(total);
        if (epistemic.Lower.Length != xs.Length)
            throw new ArgumentException($"epistemic has {epistemic.Lower.Length} points but x has {xs.Length}.", nameof(epistemic));
        if (total.Lower.Length != xs.Length)
            throw new ArgumentException($"total has {total.Lower.Length} points but x has {xs.Length}.", nameof(total));
        var tx = trainX.Require(nameof(trainX), allowEmpty: true);
        var ty = trainY.Require(nameof(trainY), tx.Length, allowEmpty: true);

        var traces = new List<GenericChart>();
        // Opaque light fills: the epistemic band is drawn over the total one, so with translucent fills the overlap
        // (all of the epistemic band, most of the plot away from the data) mixed blue into orange and showed a grey
        // that neither legend swatch has. Opaque, each region shows exactly its swatch's colour.
        traces.AddRange(ShadedBand(xs, total, "total (epistemic + noise)", LightOrange));
        traces.AddRange(ShadedBand(xs, epistemic, "epistemic (weights)", LightBlue));
        traces.Add(Chart.Line<double, double, string>(x: xs, y: m, Name: "predictive mean", LineColor: Colour(Blue), LineWidth: 2.5));
        traces.Add(Chart.Point<double, double, string>(x: tx, y: ty, Name: "training data", MarkerColor: Colour("rgba(0, 0, 0, 0.75)")));
        return Chart.Combine(traces).Styled(title, "x", "y");
    }

    /// <summary>
    /// Predictive mean with bands mean ± z·σ for the epistemic and the total standard deviation (z = 1.96: 95 %).
    /// Same traces as <see cref="PredictiveBands(string, Series, Series, Band, Band, Series, Series)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths disagree, a σ is negative, z ≤ 0, or total σ &lt; epistemic σ somewhere.</exception>
    public static GenericChart PredictiveBands(string title, Series x, Series mean, Series epistemicSigma, Series totalSigma, Series trainX, Series trainY, double z = 1.96)
    {
        var xs = x.Require(nameof(x));
        mean.Require(nameof(mean), xs.Length);
        var e = epistemicSigma.Require(nameof(epistemicSigma), xs.Length);
        var t = totalSigma.Require(nameof(totalSigma), xs.Length);
        for (int i = 0; i < e.Length; i++)
            if (t[i] < e[i])
                throw new ArgumentException($"totalSigma[{i}] = {t[i]} is smaller than epistemicSigma[{i}] = {e[i]}; total σ² = epistemic σ² + noise σ².", nameof(totalSigma));
        return PredictiveBands(title, x, mean, Band.AroundMean(mean, e, z), Band.AroundMean(mean, t, z), trainX, trainY);
    }

    /// <summary>An invisible lower edge followed by an upper edge filled down to it (plotly's "tonexty").</summary>
    private static GenericChart[] ShadedBand(double[] x, Band band, string name, string fill) =>
    [
        Chart.Line<double, double, string>(x: x, y: band.Lower, Name: name + " lower", ShowLegend: false, LineWidth: 0.0, LineColor: Colour(fill)),
        Chart.Line<double, double, string>(x: x, y: band.Upper, Name: name, LineWidth: 0.0, LineColor: Colour(fill),
            Fill: StyleParam.Fill.ToNext_y, FillColor: Colour(fill)),
    ];
}
