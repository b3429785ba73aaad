using BnnCourse.CourseRunner;

// Every test here starts processes that read or build the same files (the tool manifest, the library's Release
// build): run them one at a time. Other test assemblies still run in parallel with this one.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]

namespace BnnCourse.Notebooks.Tests;

/// <summary>
/// Restores the pinned notebook tools and builds the library once per test run (not once per notebook), as the
/// course runner does, so `dotnet test BnnCourse.sln -c Release` needs nothing installed by hand.
/// </summary>
public sealed class CourseFixture
{
    public Repository Repo { get; } = Repository.Find(AppContext.BaseDirectory);

    public CourseFixture()
    {
        var scratch = Path.Combine(Repo.Artifacts, "test-scratch");
        if (Directory.Exists(scratch))
            Directory.Delete(scratch, recursive: true); // left by an earlier run
        Prerequisites.RestoreTools(Repo);
        Prerequisites.BuildLibrary(Repo);
    }

    /// <summary>A fresh scratch folder inside the repository (the notebook tools are found from the tool manifest above it).</summary>
    public string Scratch(string name)
    {
        var dir = Path.Combine(Repo.Artifacts, "test-scratch", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}

[CollectionDefinition(Name)]
public sealed class CourseCollection : ICollectionFixture<CourseFixture>
{
    public const string Name = "course";
}
