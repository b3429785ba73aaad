using System.Text.RegularExpressions;

namespace BnnCourse.CourseRunner;

/// <summary>Which notebooks make up the course, in the order they are run.</summary>
public static partial class Course
{
    [GeneratedRegex(@"^\d+-[a-z0-9-]+\.ipynb$")]
    private static partial Regex NumberedNotebook();

    /// <summary>
    /// The numbered notebooks of <paramref name="folder"/> (<c>01-why-bayesian-weights.ipynb</c>, …) in order, then every
    /// notebook in its <c>solutions</c> subfolder in name order. Files starting with <c>_</c> (the shared preamble) are
    /// never run on their own. Paths are full paths.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> Notebooks(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"No notebook folder {folder}.");
        var numbered = Directory.GetFiles(folder, "*.ipynb")
            .Where(p => NumberedNotebook().IsMatch(Path.GetFileName(p)))
            .OrderBy(p => NumberPrefix(p)).ThenBy(p => Path.GetFileName(p), StringComparer.Ordinal);
        var solutionsFolder = Path.Combine(folder, "solutions");
        var solutions = Directory.Exists(solutionsFolder)
            ? Directory.GetFiles(solutionsFolder, "*.ipynb").Where(p => !Path.GetFileName(p).StartsWith('_')).Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        return numbered.Concat(solutions).Select(Path.GetFullPath).ToArray();
    }

    private static int NumberPrefix(string path) => int.Parse(Path.GetFileName(path).Split('-')[0]);
}
