using System.Globalization;
using System.Text.RegularExpressions;

namespace BnnCourse.Notebooks.Tests;

/// <summary>
/// The lecture demos build and run as .NET 10 file-based apps, write an offline HTML page with their charts, and
/// print key numbers that show the course's claims (checked here against sanity thresholds).
/// </summary>
[Collection(CourseCollection.Name)]
public sealed class DemoTests(CourseFixture course)
{
    [Fact]
    public async Task Toy_regression_demo_is_less_sure_in_the_gap_and_away_from_the_data_than_on_it()
    {
        var (stdout, _) = await RunDemo("toy-regression.cs",
            "The band is narrow on the data, a little wider in the gap",
            "Both parts of the free energy fall during training");

        // Mean-field Bayes by Backprop widens its band only a little inside the gap (notebook 06 discusses why), so the
        // gap claim is on the epistemic sd, the spread of the sampled functions; outside the data the band is wide.
        var epistemic = Numbers(stdout, @"epistemic sd: on data #, in gap #, outside #");
        Assert.True(epistemic[1] > epistemic[0], $"epistemic sd in the gap {epistemic[1]} is not above its value on the data {epistemic[0]}");
        var total = Numbers(stdout, @"total predictive sd: on data #, in gap #, outside #");
        Assert.True(total[1] >= total[0], $"total sd in the gap {total[1]} is below its value on the data {total[0]}");
        Assert.True(total[2] > 3 * total[0], $"total sd outside the data {total[2]} is not 3× its value on the data {total[0]}");

        var sigma = Numbers(stdout, @"learned noise sigma #")[0];
        Assert.InRange(sigma, 0.02, 0.2); // the noise enters inside the sines too: its rms is ≈ 0.06, not 0.02 (notebook 06)
        var energy = Numbers(stdout, @"first # \(complexity #, likelihood #\), last # \(complexity #, likelihood #\)");
        Assert.True(energy[3] < energy[0] && energy[4] < energy[1] && energy[5] < energy[2], $"training did not lower F and both its parts: {string.Join(", ", energy)}");
    }

    [Fact]
    public async Task Mnist_demo_is_accurate_calibrated_and_more_uncertain_on_unfamiliar_inputs()
    {
        var (stdout, _) = await RunDemo("mnist-uncertain-digits.cs",
            "The 15 most uncertain test digits",
            "Predictive entropy is low on test digits and high on inputs unlike any training digit",
            "Reliability: accuracy tracks confidence");

        var accuracy = Numbers(stdout, @"test accuracy # on # digits; ECE #");
        Assert.True(accuracy[0] >= 0.85, $"test accuracy {accuracy[0]} is below 0.85");
        Assert.Equal(2000, accuracy[1]);
        Assert.True(accuracy[2] < 0.1, $"expected calibration error {accuracy[2]} is not below 0.1");

        var entropy = Numbers(stdout, @"test digits #, rotated digits #, uniform noise #");
        Assert.True(entropy[1] > entropy[0] && entropy[2] > entropy[0],
            $"mean predictive entropy on unfamiliar inputs (rotated {entropy[1]}, noise {entropy[2]}) is not above the test digits' {entropy[0]}");

        // The least sure digits are misclassified far more often than digits overall.
        var errors = Numbers(stdout, @"# of the # most uncertain test digits are misclassified \(overall # of #\)");
        Assert.True(errors[0] / errors[1] > 2 * errors[2] / errors[3], $"error rate among the most uncertain {errors[0]}/{errors[1]} is not twice the overall {errors[2]}/{errors[3]}");
    }

    /// <summary>
    /// Runs <c>dotnet run demos/{demo} -- page.html</c> and checks the common contract: exit code 0, the page's full
    /// path printed last, plotly.js inlined (no script loaded from elsewhere), one plot per chart, the chart titles, and
    /// the page in headless Chromium (every chart drew, titles inside their figures); a screenshot goes to artifacts/screenshots/.
    /// </summary>
    private async Task<(string Stdout, string Html)> RunDemo(string demo, params string[] titles)
    {
        var output = Path.Combine(course.Scratch("demo"), Path.ChangeExtension(demo, ".html"));
        var run = await ChildProcess.RunAsync(course.Repo.Root, TimeSpan.FromMinutes(5), "dotnet", "run", Path.Combine("demos", demo), "--", output);
        Assert.True(run.ExitCode == 0, $"dotnet run demos/{demo}: {run}");

        var printed = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.Equal(Path.GetFullPath(output), printed);
        Assert.True(File.Exists(printed), $"the printed page {printed} does not exist");
        var html = File.ReadAllText(printed);
        Assert.Contains("* plotly.js v", html);
        Assert.DoesNotMatch("<script[^>]*src=", html);
        for (int i = 0; i < titles.Length; i++)
            Assert.Contains($"Plotly.newPlot('chart{i}'", html);
        // Long titles wrap to their figure (ChartStyle breaks them at spaces with <br>, which the page may escape).
        var unwrapped = html.Replace("<br>", " ").Replace("\\u003cbr\\u003e", " ").Replace("\\u003Cbr\\u003E", " ");
        foreach (var title in titles)
            Assert.Contains(title, unwrapped);

        // Opened in headless Chromium: every chart drew, its title inside its figure, no raw maths (BrowserTests).
        var findings = await Browser.CheckAsync(printed);
        Assert.True(findings.Problems.Length == 0, $"demos/{demo} page in the browser:\n" + string.Join("\n", findings.Problems));
        Assert.Equal(titles.Length, findings.Charts);
        await Browser.ScreenshotAsync(printed, Path.Combine(course.Repo.Artifacts, "screenshots", Path.ChangeExtension(demo, ".png")));
        return (run.Stdout, html);
    }

    /// <summary>
    /// The numbers at the <c>#</c>s of <paramref name="pattern"/> (a regular expression otherwise) in the demo's
    /// output, printed in the invariant culture by the demos.
    /// </summary>
    private static double[] Numbers(string stdout, string pattern)
    {
        var match = Regex.Match(stdout, pattern.Replace("#", @"(-?\d+(?:\.\d+)?(?:E[-+]?\d+)?)"));
        Assert.True(match.Success, $"no line matching /{pattern}/ in the demo's output:\n{stdout}");
        return match.Groups.Values.Skip(1).Select(g => double.Parse(g.Value, CultureInfo.InvariantCulture)).ToArray();
    }
}
