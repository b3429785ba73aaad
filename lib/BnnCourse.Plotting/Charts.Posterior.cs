namespace BnnCourse.Plotting;

public static partial class Charts
{
    /// <summary>
    /// A grid with one row per layer and three histograms per row: posterior μ, posterior σ, and the
    /// signal-to-noise ratio |μ|/σ in decibels (10·log₁₀, as in Blundell et al. 2015 §5.1; a weight with
    /// |μ|/σ &lt; 1, below 0 dB, is mostly noise and a candidate for pruning). Weights with μ = 0 have
    /// −∞ dB and are left out of the third histogram.
    /// </summary>
    /// <exception cref="ArgumentException">No layer, the title is empty, or bins &lt; 1.</exception>
    public static GenericChart PosteriorHistograms(string title, IReadOnlyList<LayerPosterior> layers, int bins = 50)
    {
        RequireTitle(title);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
            throw new ArgumentException("layers is empty.", nameof(layers));
        var cells = new List<GenericChart>();
        var subTitles = new List<string>();
        foreach (var layer in layers)
        {
            ArgumentNullException.ThrowIfNull(layer, nameof(layers));
            cells.Add(Bars(HistogramBins.Count(layer.Mu, bins, nameof(layers)), $"{layer.Name}: μ", Blue, showLegend: false));
            cells.Add(Bars(HistogramBins.Count(layer.Sigma, bins, nameof(layers)), $"{layer.Name}: σ", Orange, showLegend: false));
            cells.Add(Bars(HistogramBins.Count(layer.SignalToNoiseDecibels(), bins, nameof(layers)), $"{layer.Name}: |μ|/σ (dB)", Green, showLegend: false));
            subTitles.AddRange([$"{layer.Name}: μ", $"{layer.Name}: σ", $"{layer.Name}: |μ|/σ in dB"]);
        }
        return Chart.Grid(cells, layers.Count, 3, SubPlotTitles: subTitles.ToArray())
            .TitledAndSized(title, 1000, 280 * layers.Count + 80);
    }

    /// <summary>
    /// A histogram of Monte Carlo estimates with a vertical line at the exact value and one at the estimates'
    /// mean, whose legend entry gives mean ± standard error. An unbiased estimator's two lines agree within a few
    /// standard errors; the histogram's width is the estimator's spread.
    /// Traces: histogram bars, exact value line, mean line.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two estimates, a non-finite exact value, or bins &lt; 1.</exception>
    public static GenericChart EstimatorDistribution(string title, Series estimates, double exact, int bins = 40, string xTitle = "estimate")
    {
        RequireTitle(title);
        var e = estimates.Require(nameof(estimates));
        if (e.Length < 2)
            throw new ArgumentException($"estimates has {e.Length} value; at least 2 are needed for a spread.", nameof(estimates));
        if (!double.IsFinite(exact))
            throw new ArgumentOutOfRangeException(nameof(exact), exact, "exact must be finite.");
        var h = HistogramBins.Count(e, bins, nameof(estimates));
        double mean = e.Average();
        double sd = Math.Sqrt(e.Sum(v => (v - mean) * (v - mean)) / (e.Length - 1));
        double se = sd / Math.Sqrt(e.Length);
        double top = h.Counts.Max() * 1.05;
        return Chart.Combine(
            [
                Bars(h, $"{e.Length} estimates (sd {sd:G3})", Blue),
                VerticalLine(exact, top, $"exact = {exact:G6}", Red, StyleParam.DrawingStyle.Solid),
                VerticalLine(mean, top, $"mean = {mean:G6} ± {se:G2} (s.e.)", Grey, StyleParam.DrawingStyle.Dash),
            ])
            .Styled(title, xTitle, "count");
    }

    /// <summary>
    /// Several groups of values (e.g. predictive entropy on test digits and on noise) as histograms on the same
    /// <paramref name="bins"/> equal bins over [<paramref name="min"/>, <paramref name="max"/>], each normalised to
    /// the fraction of its group per bin and drawn as a line, so that groups of different sizes stay comparable and
    /// readable on one chart. Values outside the range count in the nearest end bin; non-finite values are left out.
    /// Traces: one line per group, in order, named after the group and its count.
    /// </summary>
    /// <param name="title">The claim the chart shows.</param>
    /// <param name="groups">One or more named groups, each with at least one finite value.</param>
    /// <param name="min">Lower end of the binned range.</param>
    /// <param name="max">Upper end, &gt; min.</param>
    /// <param name="bins">Number of bins, ≥ 1.</param>
    /// <param name="xTitle">The x axis title (what the values are).</param>
    /// <exception cref="ArgumentException">No group, a group without finite values, an empty range, bins &lt; 1, or an empty title.</exception>
    public static GenericChart GroupHistograms(string title, IReadOnlyList<(string Name, Series Values)> groups, double min, double max, int bins = 30, string xTitle = "value")
    {
        RequireTitle(title);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
            throw new ArgumentException("groups is empty.", nameof(groups));
        if (!(double.IsFinite(min) && double.IsFinite(max) && max > min))
            throw new ArgumentException($"The range [{min}, {max}] must be finite with max > min.", nameof(max));
        if (bins < 1)
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "bins must be ≥ 1.");
        double width = (max - min) / bins;
        var centres = Enumerable.Range(0, bins).Select(b => min + (b + 0.5) * width).ToArray();
        var lines = new List<GenericChart>();
        foreach (var (name, values) in groups)
        {
            var finite = values.Require(nameof(groups)).Where(double.IsFinite).ToArray();
            if (finite.Length == 0)
                throw new ArgumentException($"Group '{name}' has no finite value.", nameof(groups));
            var fraction = new double[bins];
            foreach (var v in finite)
                fraction[Math.Clamp((int)Math.Floor((v - min) / width), 0, bins - 1)] += 1.0 / finite.Length;
            lines.Add(Chart.Line<double, double, string>(x: centres, y: fraction, Name: $"{name} (n = {finite.Length})", ShowMarkers: true));
        }
        return Chart.Combine(lines).Styled(title, xTitle, "fraction of the group");
    }

    private static GenericChart Bars(HistogramBins h, string name, string colour, bool showLegend = true) =>
        Chart.Column<double, double, string>(values: h.Counts, Keys: h.Centers, Name: name, ShowLegend: showLegend, Width: h.Width, MarkerColor: Colour(colour));

    private static GenericChart VerticalLine(double x, double top, string name, string colour, StyleParam.DrawingStyle dash) =>
        Chart.Line<double, double, string>(x: [x, x], y: [0.0, top], Name: name, LineColor: Colour(colour), LineWidth: 2.5, LineDash: dash);
}
