using BnnCourse.Numerics;

namespace BnnCourse.Plotting;

public static partial class Charts
{
    private static readonly string[] ClassColours = [Red, Blue, Green, Purple, Orange];

    /// <summary>
    /// A 2-D input plane coloured by the predictive entropy H[p(y|x, D)] (bright = uncertain), with the training
    /// points drawn on top, one colour per class. Traces: the entropy heatmap, then one point trace per class.
    /// </summary>
    /// <param name="title">The claim the chart shows.</param>
    /// <param name="gridX">The grid's x coordinates (nx values, ascending).</param>
    /// <param name="gridY">The grid's y coordinates (ny values, ascending).</param>
    /// <param name="entropy">Entropy in nats, row-major ny × nx: entropy[j·nx + i] is at (gridX[i], gridY[j]); ≥ 0.</param>
    /// <param name="trainX1">First input coordinate of each training point.</param>
    /// <param name="trainX2">Second input coordinate of each training point.</param>
    /// <param name="labels">Class of each training point, ≥ 0.</param>
    /// <exception cref="ArgumentException">Lengths disagree, an entropy is negative, or a label is negative.</exception>
    public static GenericChart DecisionSurface(string title, Series gridX, Series gridY, Series entropy, Series trainX1, Series trainX2, int[] labels)
    {
        RequireTitle(title);
        var gx = gridX.Require(nameof(gridX));
        var gy = gridY.Require(nameof(gridY));
        var h = entropy.Require(nameof(entropy), gx.Length * gy.Length);
        var x1 = trainX1.Require(nameof(trainX1), allowEmpty: true);
        var x2 = trainX2.Require(nameof(trainX2), x1.Length, allowEmpty: true);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != x1.Length)
            throw new ArgumentException($"labels has {labels.Length} values but trainX1 has {x1.Length}.", nameof(labels));
        for (int i = 0; i < h.Length; i++)
            if (!(h[i] >= 0))
                throw new ArgumentException($"entropy[{i}] = {h[i]} is not ≥ 0.", nameof(entropy));
        if (labels.Any(l => l < 0))
            throw new ArgumentException($"labels contains {labels.Min()}; classes are ≥ 0.", nameof(labels));

        var traces = new List<GenericChart> { HeatmapTrace(gx, gy, h, "predictive entropy (nats)", "entropy (nats)", smooth: true) };
        foreach (var cls in labels.Distinct().Order())
        {
            var idx = Enumerable.Range(0, labels.Length).Where(i => labels[i] == cls).ToArray();
            traces.Add(Chart.Point<double, double, string>(x: idx.Select(i => x1[i]).ToArray(), y: idx.Select(i => x2[i]).ToArray(),
                Name: $"class {cls}", Marker: OutlinedMarker(ClassColours[cls % ClassColours.Length])));
        }
        return Chart.Combine(traces).Styled(title, "x₁", "x₂", 700, 650)
            .WithLegendStyle(Orientation: StyleParam.Orientation.Horizontal, X: 0.0, Y: -0.15);
    }

    /// <summary>A colour bar with a title (the C# API has no shortcut for it).</summary>
    private static ColorBar TitledColorBar(string title)
    {
        var text = new Title();
        text.SetProperty("text", title);
        var bar = new ColorBar();
        bar.SetProperty("title", text);
        return bar;
    }

    /// <summary>A filled marker with a white outline, visible on any colour of the heatmap below it.</summary>
    private static Plotly.NET.TraceObjects.Marker OutlinedMarker(string colour)
    {
        var outline = new Line();
        outline.SetProperty("color", "white");
        outline.SetProperty("width", 1.5);
        var marker = new Plotly.NET.TraceObjects.Marker();
        marker.SetProperty("color", colour);
        marker.SetProperty("size", 9);
        marker.SetProperty("line", outline);
        return marker;
    }

    /// <summary>
    /// Greyscale images in a grid with a caption above each (e.g. "7 (p = 0.41)"). Each image is
    /// <paramref name="height"/> × <paramref name="width"/> pixels, row-major, row 0 at the top (MNIST: 28 × 28).
    /// One heatmap trace per image.
    /// </summary>
    /// <exception cref="ArgumentException">No image, counts of images and captions differ, or an image has the wrong size.</exception>
    public static GenericChart ImageGrid(string title, IReadOnlyList<float[]> images, IReadOnlyList<string> captions, int columns = 5, int width = 28, int height = 28)
    {
        ArgumentNullException.ThrowIfNull(images);
        return ImageGrid(title, images.Select(im => (Series)im).ToArray(), captions, columns, width, height);
    }

    /// <summary>
    /// The images at rows <paramref name="indices"/> of <paramref name="images"/> (one flattened image per row, e.g.
    /// an MNIST minibatch of 784 columns) in a grid with captions; see <see cref="ImageGrid(string, IReadOnlyList{float[]}, IReadOnlyList{string}, int, int, int)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An index is out of range, or Cols ≠ width·height.</exception>
    public static GenericChart ImageGrid(string title, Matrix images, IReadOnlyList<int> indices, IReadOnlyList<string> captions, int columns = 5, int width = 28, int height = 28)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(indices);
        foreach (var r in indices)
            if (r < 0 || r >= images.Rows)
                throw new ArgumentOutOfRangeException(nameof(indices), r, $"row index outside [0, {images.Rows}).");
        return ImageGrid(title, indices.Select(r => (Series)images.Row(r).ToArray()).ToArray(), captions, columns, width, height);
    }

    private static GenericChart ImageGrid(string title, Series[] images, IReadOnlyList<string> captions, int columns, int width, int height)
    {
        RequireTitle(title);
        ArgumentNullException.ThrowIfNull(captions);
        if (images.Length == 0)
            throw new ArgumentException("images is empty.", nameof(images));
        if (captions.Count != images.Length)
            throw new ArgumentException($"{captions.Count} captions for {images.Length} images.", nameof(captions));
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int nCols = Math.Min(columns, images.Length);
        int nRows = (images.Length + nCols - 1) / nCols;
        var cells = new List<GenericChart>();
        for (int k = 0; k < images.Length; k++)
        {
            var pixels = images[k].Require($"images[{k}]", width * height);
            // Plotly draws heatmap row 0 at the bottom: hand it the rows bottom-up so the image is upright.
            var rows = new double[height][];
            for (int r = 0; r < height; r++)
                rows[height - 1 - r] = pixels.AsSpan(r * width, width).ToArray();
            cells.Add(Chart.Heatmap<double, double, double, string>(zData: rows, Name: captions[k], ColorScale: StyleParam.Colorscale.Greys, ShowScale: false));
        }
        var titles = captions.ToList();
        for (int k = images.Length; k < nRows * nCols; k++)
        {
            cells.Add(Chart.Invisible());
            titles.Add("");
        }
        return Chart.Grid(cells, nRows, nCols, SubPlotTitles: titles.ToArray(), XGap: 0.05, YGap: 0.25)
            .TitledAndSized(title, Math.Max(400, 150 * nCols), 160 * nRows + 100);
    }
}
