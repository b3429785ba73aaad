namespace BnnCourse.CourseRunner;

/// <summary>Locations in the course repository.</summary>
public sealed class Repository
{
    /// <summary>The repository root: the folder holding BnnCourse.sln and .config/dotnet-tools.json.</summary>
    public string Root { get; }

    private Repository(string root) => Root = root;

    /// <summary>The folder of course notebooks.</summary>
    public string Notebooks => Path.Combine(Root, "notebooks");

    /// <summary>The project whose Release build the notebooks' preamble references (it builds the library too).</summary>
    public string PlottingProject => Path.Combine(Root, "lib", "BnnCourse.Plotting", "BnnCourse.Plotting.csproj");

    /// <summary>Central package versions.</summary>
    public string PackagesProps => Path.Combine(Root, "Directory.Packages.props");

    /// <summary>Where build outputs of the course go (ignored by git).</summary>
    public string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>Finds the repository that contains <paramref name="start"/> (default: the current directory, then this program's folder).</summary>
    /// <exception cref="InvalidOperationException">No folder above holds BnnCourse.sln and .config/dotnet-tools.json.</exception>
    public static Repository Find(string? start = null)
    {
        foreach (var from in start is null ? [Environment.CurrentDirectory, AppContext.BaseDirectory] : new[] { start })
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "BnnCourse.sln")) && File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json")))
                    return new Repository(dir.FullName);
        throw new InvalidOperationException($"No BnnCourse repository (BnnCourse.sln and .config/dotnet-tools.json) above {start ?? Environment.CurrentDirectory}.");
    }
}
