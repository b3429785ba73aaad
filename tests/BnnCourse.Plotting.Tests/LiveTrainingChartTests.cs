using Plotly.NET;

namespace BnnCourse.Plotting.Tests;

public class LiveTrainingChartTests
{
    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private static (LiveTrainingChart Live, List<GenericChart> Shown, ManualClock Clock) Make(TimeSpan interval)
    {
        var shown = new List<GenericChart>();
        var clock = new ManualClock();
        var live = new LiveTrainingChart("The loss falls", c => shown.Add((GenericChart)c), interval, clock);
        return (live, shown, clock);
    }

    [Fact]
    public void A_fast_loop_redraws_at_most_once_per_interval_and_Complete_draws_the_rest()
    {
        var (live, shown, clock) = Make(TimeSpan.FromSeconds(1));
        for (int step = 0; step < 25; step++)
        {
            live.Add("loss", step, 100.0 / (step + 1));
            clock.Advance(TimeSpan.FromSeconds(0.1));
        }
        // Redraws at t = 0 (first point), 1.0 and 2.0 s: steps 0, 10 and 20.
        Assert.Equal(3, shown.Count);
        Assert.Equal(11, ChartJson.Numbers(new ChartJson(shown[1]).Traces[0], "x").Length);

        live.Complete();
        Assert.Equal(4, shown.Count);
        var last = new ChartJson(shown[^1]);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (double)i), ChartJson.Numbers(last.Traces[0], "x"));
        Assert.Equal("The loss falls", last.Title);
        Assert.Equal(4, live.UpdateCount);
    }

    [Fact]
    public void A_slow_redraw_stretches_the_interval_to_four_times_its_duration()
    {
        var clock = new ManualClock();
        int redraws = 0;
        // Each redraw takes 2 s of the clock, so the next may start 8 s after it ended (not 1 s); the first redraw's
        // duration (warm-up) does not count.
        var live = new LiveTrainingChart("The loss falls", _ => { redraws++; clock.Advance(TimeSpan.FromSeconds(2)); }, TimeSpan.FromSeconds(1), clock);
        for (int step = 0; step < 20; step++)
        {
            live.Add("loss", step, 1.0);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        // Redraws at step 0 (t = 0, ends 2), step 1 (t = 3 ≥ 2 + 1, ends 5), step 9 (t = 13 ≥ 5 + 8, ends 15)
        // and step 17 (t = 23 ≥ 15 + 8): 4, where the 1 s interval alone would redraw on every one of the 20 steps.
        Assert.Equal(4, redraws);
    }

    [Fact]
    public void Complete_does_not_redraw_when_nothing_new_arrived()
    {
        var (live, shown, _) = Make(TimeSpan.FromSeconds(1));
        live.Add("loss", 0, 1);
        live.Complete();
        Assert.Single(shown);
    }

    [Fact]
    public void A_zero_interval_redraws_on_every_point()
    {
        var (live, shown, _) = Make(TimeSpan.Zero);
        for (int i = 0; i < 5; i++)
            live.Add("loss", i, i);
        Assert.Equal(5, shown.Count);
    }

    [Fact]
    public void Progress_records_every_series_at_the_reported_step_before_redrawing()
    {
        var (live, shown, clock) = Make(TimeSpan.FromSeconds(1));
        var progress = live.Progress<(int Step, double Kl, double Nll)>(r => r.Step, ("complexity", r => r.Kl), ("likelihood", r => r.Nll));

        progress.Report((1, 5.0, 50.0));
        clock.Advance(TimeSpan.FromSeconds(2));
        progress.Report((2, 4.0, 30.0));

        Assert.Equal(["complexity", "likelihood"], live.SeriesNames);
        Assert.Equal(2, shown.Count);
        var first = new ChartJson(shown[0]);
        Assert.Equal(2, first.Traces.Length); // both series were recorded before the first redraw
        var last = new ChartJson(shown[1]);
        Assert.Equal([50.0, 30.0], ChartJson.Numbers(last.Trace("likelihood"), "y"));
        Assert.Equal([1.0, 2.0], ChartJson.Numbers(last.Trace("complexity"), "x"));
    }

    [Fact]
    public void A_filtered_progress_records_only_the_reports_it_keeps()
    {
        var (live, shown, _) = Make(TimeSpan.Zero);
        // A trainer's stream: three step reports per epoch, then the epoch report.
        var progress = live.Progress<(bool IsEpoch, int Epoch, double F)>(r => r.IsEpoch, r => r.Epoch, ("free energy F", r => r.F));

        for (int epoch = 1; epoch <= 2; epoch++)
        {
            for (int step = 0; step < 3; step++)
                progress.Report((false, epoch, 1000.0 + step));
            progress.Report((true, epoch, 10.0 / epoch));
        }

        Assert.Equal(2, shown.Count); // dropped reports neither add points nor redraw
        var last = new ChartJson(shown[^1]);
        Assert.Equal([1.0, 2.0], ChartJson.Numbers(last.Trace("free energy F"), "x"));
        Assert.Equal([10.0, 5.0], ChartJson.Numbers(last.Trace("free energy F"), "y"));
    }

    [Fact]
    public void A_null_progress_filter_is_rejected()
    {
        var (live, _, _) = Make(TimeSpan.Zero);
        var ex = Assert.Throws<ArgumentNullException>(() => live.Progress<int>(null!, r => r, ("y", r => r)));
        Assert.Equal("where", ex.ParamName);
    }

    [Fact]
    public void Placeholder_has_the_title_and_no_points()
    {
        var chart = new ChartJson(LiveTrainingChart.Placeholder("The loss falls"));
        Assert.Equal("The loss falls", chart.Title);
        Assert.Empty(ChartJson.Numbers(chart.Traces[0], "x"));
    }

    [Fact]
    public void A_negative_interval_is_rejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LiveTrainingChart("t", _ => { }, TimeSpan.FromSeconds(-1)));
        Assert.Equal("minInterval", ex.ParamName);
    }
}
