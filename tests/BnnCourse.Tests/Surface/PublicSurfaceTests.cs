namespace BnnCourse.Tests.Surface;

/// <summary>
/// Pins the library's public types, so that growing (or shrinking) the learner-facing surface is a decision made in
/// a diff of this list and of lib/BnnCourse/CORE-API.md, which gives one line of reason for each of them.
/// </summary>
public class PublicSurfaceTests
{
    static readonly string[] Expected =
    [
        "BnnCourse.Activation",
        
        "BnnCourse.BanditAgent",
        "BnnCourse.BayesianDense",
        "BnnCourse.ClassificationPrediction",
        "BnnCourse.Data.ClassificationDataset",
        "BnnCourse.Data.CourseData",
        "BnnCourse.Data.DataFormatException",
        "BnnCourse.Data.Metrics",
        "BnnCourse.Data.RegressionDataset",
        "BnnCourse.Data.Standardizer",
        "BnnCourse.Data.Toy",
        "BnnCourse.Data.TrainTestSplit",
        "BnnCourse.Data.WheelBandit",
        "BnnCourse.Dense",
        "BnnCourse.Dropout",
        "BnnCourse.FreeEnergy",
        "BnnCourse.FreeEnergyParts",
        "BnnCourse.GaussianLikelihood",
        "BnnCourse.GaussianPosterior",
        "BnnCourse.GradientEstimator",
        "BnnCourse.KlDivergence",
        "BnnCourse.KlWeighting",
        "BnnCourse.LastLayerLaplace",
        "BnnCourse.Layer",
        "BnnCourse.Likelihood",
        "BnnCourse.Network",
        "BnnCourse.Numerics.Matrix",
        "BnnCourse.Numerics.Xoshiro256",
        "BnnCourse.Optimizer",
        "BnnCourse.Parameter",
        "BnnCourse.Predictive",
        "BnnCourse.Prior",
        "BnnCourse.RegressionPrediction",
        "BnnCourse.Softplus",
        "BnnCourse.TrainedModel",
        "BnnCourse.Trainer",
        "BnnCourse.TrainingDivergedException",
        "BnnCourse.TrainingReport",
        "BnnCourse.UciProtocol",
    ];

    [Fact]
    public void The_public_types_are_exactly_the_pinned_list()
    {
        var actual = typeof(Network).Assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal).ToArray();
        var added = actual.Except(Expected).ToArray();
        var removed = Expected.Except(actual).ToArray();
        Assert.True(added.Length == 0 && removed.Length == 0,
            $"public surface changed: added [{string.Join(", ", added)}], removed [{string.Join(", ", removed)}]; update this list and CORE-API.md");
        Assert.Equal(Expected.Order(StringComparer.Ordinal), Expected); // kept sorted so a diff shows the change
    }

    [Fact]
    public void Every_public_type_is_named_in_core_api_md()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "lib", "BnnCourse", "CORE-API.md"));
        var missing = Expected.Select(t => t[(t.LastIndexOfAny(['.', '+']) + 1)..]).Where(name => !doc.Contains($"`{name}`", StringComparison.Ordinal)).ToArray();
        Assert.True(missing.Length == 0, $"CORE-API.md does not name: {string.Join(", ", missing)}");
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BnnCourse.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No BnnCourse.sln above {AppContext.BaseDirectory}.");
    }
}
