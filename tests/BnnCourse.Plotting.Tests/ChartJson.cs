using System.Text.Json;
using Plotly.NET;

namespace BnnCourse.Plotting.Tests;

/// <summary>A chart's plotly.js figure (what the browser receives), parsed for assertions.</summary>
internal sealed class ChartJson
{
    public JsonElement Root { get; }
    public string Raw { get; }

    public ChartJson(GenericChart chart)
    {
        Raw = GenericChart.toJson(chart);
        Root = JsonDocument.Parse(Raw).RootElement;
    }

    public JsonElement[] Traces => Root.GetProperty("data").EnumerateArray().ToArray();

    public JsonElement Layout => Root.GetProperty("layout");

    public string? Title => Layout.TryGetProperty("title", out var t) && t.TryGetProperty("text", out var text) ? text.GetString() : null;

    public JsonElement Trace(string name) => Traces.Single(t => t.TryGetProperty("name", out var n) && n.GetString() == name);

    public static double[] Numbers(JsonElement trace, string property) =>
        trace.GetProperty(property).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static string Str(JsonElement trace, string property) =>
        trace.TryGetProperty(property, out var v) ? v.GetString() ?? "" : "";
}
