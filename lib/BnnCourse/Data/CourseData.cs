namespace BnnCourse.Data;

/// <summary>
/// The real data sets shipped in the repository's <c>data/</c> folder (see data/README.md for provenance and
/// licences). Nothing is ever downloaded: the folder is found by walking up from a start directory until a
/// directory containing <c>data/README.md</c> appears, so the same call works from the repository root, a
/// notebook folder, or a test's bin folder.
/// </summary>
public static class CourseData
{
    /// <summary>10,000 MNIST images, IDX3, gzip.</summary>
    public const string MnistImagesFile = "mnist10k-images-idx3-ubyte.gz";

    /// <summary>The matching 10,000 labels, IDX1, gzip.</summary>
    public const string MnistLabelsFile = "mnist10k-labels-idx1-ubyte.gz";

    /// <summary>The diabetes regression data (442 rows, 10 features and the target 'progression').</summary>
    public const string DiabetesFile = "diabetes.csv";

    /// <summary>The name of the diabetes target column.</summary>
    public const string DiabetesTarget = "progression";

    /// <summary>The Boston housing regression data (506 rows, 13 features and the target 'medv'), from R's MASS package.</summary>
    public const string BostonFile = "boston.csv";

    /// <summary>The name of the Boston housing target column (median home value, $1000s).</summary>
    public const string BostonTarget = "medv";

    /// <summary>
    /// The <c>data</c> directory: the first ancestor-or-self of <paramref name="startDirectory"/> that contains
    /// <c>data/README.md</c>. With no start directory the current directory is searched first, then the
    /// directory of the running assembly.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder above the start directory(ies); the message lists where it looked.</exception>
    public static string FindDataDirectory(string? startDirectory = null)
    {
        if (startDirectory is not null) ArgumentException.ThrowIfNullOrEmpty(startDirectory);
        string[] starts = startDirectory is null ? [Environment.CurrentDirectory, AppContext.BaseDirectory] : [startDirectory];
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "data", "README.md"))) return Path.Combine(dir.FullName, "data");
        throw new DirectoryNotFoundException(
            $"No folder containing data/README.md in {string.Join(" or ", starts.Select(s => $"'{s}'"))} or any parent: run from inside the BnnCourse repository or pass its path.");
    }

    /// <summary>The full path of a shipped file, e.g. <c>PathOf(CourseData.DiabetesFile)</c>.</summary>
    /// <exception cref="ArgumentException">The name contains a directory part.</exception>
    /// <exception cref="FileNotFoundException">The data folder has no such file.</exception>
    public static string PathOf(string fileName, string? startDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (Path.GetFileName(fileName) != fileName || fileName is "." or "..")
            throw new ArgumentException($"'{fileName}' must be a bare file name inside data/.", nameof(fileName));
        string path = Path.Combine(FindDataDirectory(startDirectory), fileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"The course data file '{fileName}' is not in '{Path.GetDirectoryName(path)}'.", path);
        return path;
    }

    /// <summary>
    /// The 10,000-digit MNIST subset: X is 10000 × 784 with pixels scaled to [0, 1] (row-major 28 × 28 images),
    /// labels 0..9, 10 classes. The rows were shuffled once when the subset was made.
    /// </summary>
    /// <exception cref="DataFormatException">A file is malformed or the image and label counts differ.</exception>
    public static ClassificationDataset Mnist10k(string? startDirectory = null) =>
        Mnist(PathOf(MnistImagesFile, startDirectory), PathOf(MnistLabelsFile, startDirectory));

    /// <summary>
    /// MNIST from any pair of IDX files (e.g. the original 60,000-image train-images-idx3-ubyte.gz and its labels):
    /// X is count × (rows·cols) in [0, 1], 10 classes.
    /// </summary>
    /// <exception cref="DataFormatException">A file is malformed, the counts differ, or a label exceeds 9.</exception>
    public static ClassificationDataset Mnist(string imagesPath, string labelsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        var x = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath);
        if (labels.Length != x.Rows)
            throw new DataFormatException(labelsPath, $"{labels.Length} labels but '{imagesPath}' holds {x.Rows} images.", offset: 4);
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] > 9)
                throw new DataFormatException(labelsPath, $"label {labels[i]} of item {i} is not a digit 0..9.", offset: 8 + i);
        return new ClassificationDataset(x, labels, 10);
    }

    /// <summary>The diabetes table as read: 11 named columns (age, sex, bmi, bp, s1..s6, progression), 442 rows.</summary>
    /// <exception cref="DataFormatException">The file is malformed.</exception>
    internal static NumericTable DiabetesTable(string? startDirectory = null) => CsvReader.ReadFile(PathOf(DiabetesFile, startDirectory));

    /// <summary>
    /// The diabetes regression in original units: X is 442 × 10 (age, sex, bmi, bp, s1..s6), Y is 442 × 1
    /// (disease progression one year later). Standardise with <see cref="Standardizer"/> fitted on a training part.
    /// </summary>
    /// <exception cref="DataFormatException">The file is malformed or lacks the target column.</exception>
    public static RegressionDataset Diabetes(string? startDirectory = null) => Regression(PathOf(DiabetesFile, startDirectory), DiabetesTarget);

    /// <summary>
    /// The Boston housing regression of Harrison and Rubinfeld (1978) in original units, as shipped in R's MASS
    /// package: X is 506 × 13 (crim, zn, indus, chas, nox, rm, age, dis, rad, tax, ptratio, black, lstat), Y is 506 × 1
    /// (medv, median home value in $1000s). The UCI regression benchmark's "Boston housing" (Hernández-Lobato and
    /// Adams 2015). See data/README.md for provenance and for the caveat on the 'black' column.
    /// </summary>
    /// <exception cref="DataFormatException">The file is malformed or lacks the target column.</exception>
    public static RegressionDataset Boston(string? startDirectory = null) => Regression(PathOf(BostonFile, startDirectory), BostonTarget);

    static RegressionDataset Regression(string path, string target)
    {
        var table = CsvReader.ReadFile(path);
        if (!table.ColumnNames.Contains(target))
            throw new DataFormatException(path, $"no '{target}' column in the header.", line: 1);
        return table.ToRegression(table.IndexOf(target));
    }
}
