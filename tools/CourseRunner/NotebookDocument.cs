using System.Text.Json.Nodes;

namespace BnnCourse.CourseRunner;

/// <summary>A Jupyter notebook (.ipynb, nbformat 4) read for running and rendering.</summary>
public sealed class NotebookDocument
{
    /// <summary>The cells in order.</summary>
    public IReadOnlyList<Cell> Cells { get; }

    private NotebookDocument(IReadOnlyList<Cell> cells) => Cells = cells;

    /// <summary>The code cells in order.</summary>
    public IEnumerable<Cell> CodeCells => Cells.Where(c => c.IsCode);

    /// <summary>Reads a notebook file.</summary>
    /// <exception cref="InvalidDataException">The file is not an nbformat-4 notebook.</exception>
    public static NotebookDocument Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses notebook JSON; <paramref name="origin"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The text is not an nbformat-4 notebook.</exception>
    public static NotebookDocument Parse(string json, string origin)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"{origin} is not valid JSON: {e.Message}", e); }
        if (root?["cells"] is not JsonArray cells)
            throw new InvalidDataException($"{origin} has no \"cells\" array: not a Jupyter notebook.");
        var list = new List<Cell>();
        foreach (var cell in cells)
        {
            var kind = cell?["cell_type"]?.GetValue<string>() ?? "raw";
            var outputs = (cell?["outputs"] as JsonArray)?.Select(ReadOutput).ToArray() ?? [];
            list.Add(new Cell(list.Count + 1, kind, Text(cell?["source"]), outputs));
        }
        return new NotebookDocument(list);
    }

    private static CellOutput ReadOutput(JsonNode? o)
    {
        var kind = o?["output_type"]?.GetValue<string>() ?? "unknown";
        switch (kind)
        {
            case "stream":
                return new CellOutput(kind, new Dictionary<string, string> { ["text/plain"] = Text(o?["text"]) });
            case "error":
                return new CellOutput(kind, new Dictionary<string, string>(), o?["ename"]?.GetValue<string>() ?? "Error",
                    o?["evalue"]?.GetValue<string>() ?? string.Join("\n", (o?["traceback"] as JsonArray ?? []).Select(t => t?.GetValue<string>())));
            default:
                var data = new Dictionary<string, string>();
                if (o?["data"] is JsonObject d)
                    foreach (var (mime, value) in d)
                        data[mime] = Text(value);
                return new CellOutput(kind, data);
        }
    }

    /// <summary>nbformat stores text as a string or as an array of lines.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
