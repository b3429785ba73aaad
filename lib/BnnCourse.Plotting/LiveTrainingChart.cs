namespace BnnCourse.Plotting;

/// <summary>
/// A line chart that redraws while training runs. Points are recorded with <see cref="Add"/> (or through an
/// <see cref="IProgress{T}"/> from <see cref="Progress{T}(Func{T, double}, ValueTuple{string, Func{T, double}}[])"/>, for a trainer that reports progress), and the
/// chart is handed to the <c>update</c> callback at most once per interval, so a fast loop does not flood the
/// notebook. Call <see cref="Complete"/> after training to draw the last points.
/// </summary>
/// <remarks>
/// The notebook host is not referenced here: in a .NET Interactive notebook the callback is the display
/// handle's Update, <c>var h = display(LiveTrainingChart.Placeholder(title)); var live = new LiveTrainingChart(title, h.Update);</c>
/// (the course's _setup.ipynb wraps those two lines as <c>ShowLiveChart(title)</c>). Elsewhere it can be anything,
/// a test's list or a file writer. Thread-safe: a trainer may report from another thread.
/// </remarks>
public sealed class LiveTrainingChart
{
    private readonly object _gate = new();
    private readonly string _title;
    private readonly string _xTitle;
    private readonly string _yTitle;
    private readonly bool _logY;
    private readonly Action<object> _update;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minInterval;
    private readonly List<(string Name, List<double> X, List<double> Y)> _series = [];
    private long? _lastRedrawEnd;
    private TimeSpan _lastRedrawDuration;
    private int _pointsSinceUpdate;

    /// <summary>A live chart that calls <paramref name="update"/> with a <see cref="GenericChart"/> at most once per <paramref name="minInterval"/>.</summary>
    /// <param name="title">The claim the chart will show.</param>
    /// <param name="update">Receives each redrawn chart (a notebook passes its display handle's Update).</param>
    /// <param name="minInterval">Least time between two redraws; default 1 s. Zero redraws on every point.</param>
    /// <param name="time">Clock used for throttling; default <see cref="TimeProvider.System"/> (tests pass a fake one).</param>
    /// <param name="xTitle">x axis title.</param>
    /// <param name="yTitle">y axis title.</param>
    /// <param name="logY">Log-scale y axis (for losses that fall by orders of magnitude).</param>
    /// <exception cref="ArgumentException">Empty title, null callback, or a negative interval.</exception>
    public LiveTrainingChart(string title, Action<object> update, TimeSpan? minInterval = null, TimeProvider? time = null,
        string xTitle = "step", string yTitle = "nats", bool logY = false)
    {
        RequireTitle(title);
        ArgumentNullException.ThrowIfNull(update);
        var interval = minInterval ?? TimeSpan.FromSeconds(1);
        if (interval < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(minInterval), interval, "minInterval must be ≥ 0.");
        _title = title;
        _update = update;
        _minInterval = interval;
        _time = time ?? TimeProvider.System;
        _xTitle = xTitle;
        _yTitle = yTitle;
        _logY = logY;
    }

    /// <summary>Number of times the chart has been handed to the update callback.</summary>
    public int UpdateCount { get; private set; }

    /// <summary>Names of the series seen so far, in order of first appearance.</summary>
    public IReadOnlyList<string> SeriesNames { get { lock (_gate) return _series.Select(s => s.Name).ToArray(); } }

    /// <summary>The empty chart to display before training starts (same title and axes as the live one).</summary>
    public static GenericChart Placeholder(string title, string xTitle = "step", string yTitle = "nats")
    {
        RequireTitle(title);
        return Chart.Line<double, double, string>(x: [], y: [], Name: "waiting for the first step").Styled(title, xTitle, yTitle);
    }

    /// <summary>Records point (x, y) of series <paramref name="series"/> and redraws if the interval has passed since the last redraw.</summary>
    /// <exception cref="ArgumentException">Empty series name.</exception>
    public void Add(string series, double x, double y)
    {
        if (string.IsNullOrWhiteSpace(series))
            throw new ArgumentException("A series needs a name.", nameof(series));
        lock (_gate)
        {
            Record(series, x, y);
            RedrawIfDue();
        }
    }

    private void Record(string series, double x, double y)
    {
        var s = _series.FirstOrDefault(t => t.Name == series);
        if (s.Name is null)
        {
            s = (series, new List<double>(), new List<double>());
            _series.Add(s);
        }
        s.X.Add(x);
        s.Y.Add(y);
        _pointsSinceUpdate++;
    }

    private void RedrawIfDue()
    {
        if (_lastRedrawEnd is not long end)
        {
            Redraw();
            return;
        }
        var wait = _minInterval > 4 * _lastRedrawDuration ? _minInterval : 4 * _lastRedrawDuration;
        if (_time.GetElapsedTime(end) >= wait)
            Redraw();
    }

    /// <summary>
    /// An <see cref="IProgress{T}"/> that records, for each report r, the point (x(r), y(r)) of every named series.
    /// It calls back synchronously (unlike <see cref="System.Progress{T}"/>), so points arrive while the training loop runs.
    /// </summary>
    /// <example><c>trainer.Fit(data, progress: live.Progress&lt;EpochReport&gt;(r =&gt; r.Step, ("complexity", r =&gt; r.Kl), ("likelihood", r =&gt; r.Nll)))</c></example>
    /// <exception cref="ArgumentException">No series given, or one without a name.</exception>
    public IProgress<T> Progress<T>(Func<T, double> x, params (string Name, Func<T, double> Y)[] series) =>
        Progress(static _ => true, x, series);

    /// <summary>
    /// Like <see cref="Progress{T}(Func{T, double}, ValueTuple{string, Func{T, double}}[])"/>, but records only the
    /// reports r with <paramref name="where"/>(r) true; the others are dropped (they neither add points nor redraw).
    /// A trainer that reports every step and every epoch can so be drawn per epoch.
    /// </summary>
    /// <example><c>live.Progress&lt;TrainingReport&gt;(r =&gt; r.IsEpoch, r =&gt; r.Epoch, ("free energy F", r =&gt; r.FreeEnergy))</c></example>
    /// <exception cref="ArgumentException">No series given, or one without a name.</exception>
    public IProgress<T> Progress<T>(Func<T, bool> where, Func<T, double> x, params (string Name, Func<T, double> Y)[] series)
    {
        ArgumentNullException.ThrowIfNull(where);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Length == 0)
            throw new ArgumentException("Give at least one series.", nameof(series));
        foreach (var (name, y) in series)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException("Every series needs a name.", nameof(series));
            ArgumentNullException.ThrowIfNull(y, nameof(series));
        }
        return new Reporter<T>(this, where, x, series);
    }

    /// <summary>Redraws now if any point arrived since the last redraw (call once after training).</summary>
    public void Complete()
    {
        lock (_gate)
            if (_pointsSinceUpdate > 0)
                Redraw();
    }

    /// <summary>The chart of every point recorded so far: one line per series.</summary>
    public GenericChart ToChart()
    {
        lock (_gate)
        {
            if (_series.Count == 0)
                return Placeholder(_title, _xTitle, _yTitle);
            return Charts.Styled(Chart.Combine(_series.Select(s => Chart.Line<double, double, string>(x: s.X.ToArray(), y: s.Y.ToArray(), Name: s.Name))),
                _title, _xTitle, _yTitle, logY: _logY);
        }
    }

    private void Redraw()
    {
        long start = _time.GetTimestamp();
        _pointsSinceUpdate = 0;
        UpdateCount++;
        _update(ToChart());
        _lastRedrawEnd = _time.GetTimestamp();
        _lastRedrawDuration = UpdateCount == 1 ? TimeSpan.Zero : _time.GetElapsedTime(start, _lastRedrawEnd.Value);
    }

    private sealed class Reporter<T>(LiveTrainingChart chart, Func<T, bool> where, Func<T, double> x, (string Name, Func<T, double> Y)[] series) : IProgress<T>
    {
        public void Report(T value)
        {
            if (!where(value))
                return;
            double xv = x(value);
            lock (chart._gate)
            {
                foreach (var (name, y) in series)
                    chart.Record(name, xv, y(value));
                chart.RedrawIfDue();
            }
        }
    }
}
