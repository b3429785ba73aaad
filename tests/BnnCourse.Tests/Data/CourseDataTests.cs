using System.Security.Cryptography;
using BnnCourse.Data;

namespace BnnCourse.Tests.Data;

public class CourseDataTests
{
    [Theory]
    [InlineData(CourseData.MnistImagesFile, "6339bf8fecaba5f63a0bffc8269451be30d777a07790e44714a9a32863dd8a63")]
    [InlineData(CourseData.MnistLabelsFile, "a902926943962b716b7b379005450dbae9ce425cfccf22df3e299631021e9323")]
    [InlineData(CourseData.DiabetesFile, "731c91514b20f51185739fd2533cde9eccd1c61b16c2aba62d9c8082a9151d4f")]
    [InlineData(CourseData.BostonFile, "b9f88f3463a208dadd78546f0fb9ddacfa4897b4c92dd1b8269734f000fe377c")]
    public void Shipped_files_match_the_sha256_in_the_data_README(string file, string sha256)
    {
        string path = CourseData.PathOf(file);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
        Assert.Contains(sha256, File.ReadAllText(Path.Combine(CourseData.FindDataDirectory(), "README.md")));
    }

    [Fact]
    public void Mnist_subset_has_the_documented_shape_range_and_class_counts()
    {
        var d = CourseData.Mnist10k();
        Assert.Equal((10000, 784), (d.X.Rows, d.X.Cols));
        Assert.Equal(10, d.ClassCount);
        Assert.Equal([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], d.ClassCounts());
        Assert.Equal(0f, d.X.Data.Min());
        Assert.Equal(1f, d.X.Data.Max());
        var raw = IdxReader.ReadFile(CourseData.PathOf(CourseData.MnistImagesFile));
        Assert.Equal([10000, 28, 28], raw.Dimensions);
        Assert.Equal(raw.Data[1234] / 255f, d.X.Data[1234]);
    }

    [Fact]
    public void Diabetes_has_442_rows_10_features_and_the_target()
    {
        var t = CourseData.DiabetesTable();
        Assert.Equal(["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"], t.ColumnNames);
        var d = CourseData.Diabetes();
        Assert.Equal((442, 10), (d.X.Rows, d.X.Cols));
        Assert.Equal((442, 1), (d.Y.Rows, d.Y.Cols));
        // first data line: 59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,87,151
        Assert.Equal([59f, 2f, 32.1f, 101f, 157f, 93.2f, 38f, 4f, 4.8598f, 87f], d.X.Row(0).ToArray());
        Assert.Equal(151f, d.Y[0, 0]);
    }

    [Fact]
    public void Boston_has_506_rows_13_features_and_the_published_target_moments()
    {
        var d = CourseData.Boston();
        Assert.Equal((506, 13), (d.X.Rows, d.X.Cols));
        Assert.Equal((506, 1), (d.Y.Rows, d.Y.Cols));
        // first row of MASS::Boston: crim 0.00632, zn 18, indus 2.31, chas 0, nox 0.538, rm 6.575, age 65.2, dis 4.09,
        // rad 1, tax 296, ptratio 15.3, black 396.9, lstat 4.98; medv 24
        Assert.Equal([0.00632f, 18f, 2.31f, 0f, 0.538f, 6.575f, 65.2f, 4.09f, 1f, 296f, 15.3f, 396.9f, 4.98f], d.X.Row(0).ToArray());
        Assert.Equal(24f, d.Y[0, 0]);
        // medv: mean 22.5328, range 5–50 (censored at 50: 16 rows), as documented for the data set
        double mean = Enumerable.Range(0, 506).Average(i => (double)d.Y[i, 0]);
        Assert.InRange(mean, 22.532, 22.534);
        Assert.Equal(5f, Enumerable.Range(0, 506).Min(i => d.Y[i, 0]));
        Assert.Equal(50f, Enumerable.Range(0, 506).Max(i => d.Y[i, 0]));
        Assert.Equal(16, Enumerable.Range(0, 506).Count(i => d.Y[i, 0] == 50f));
    }

    [Fact]
    public void Data_folder_is_found_from_nested_folders_and_missing_outside_the_repository()
    {
        string data = CourseData.FindDataDirectory();
        string nested = Path.Combine(data, "..", "tests", "BnnCourse.Tests");
        Assert.Equal(data, CourseData.FindDataDirectory(nested));
        string outside = Directory.CreateTempSubdirectory("nodata").FullName;
        try
        {
            var e = Assert.Throws<DirectoryNotFoundException>(() => CourseData.FindDataDirectory(outside));
            Assert.Contains(outside, e.Message);
        }
        finally { Directory.Delete(outside); }
    }

    [Fact]
    public void PathOf_accepts_only_bare_names_of_existing_files()
    {
        Assert.Equal("fileName", Assert.Throws<ArgumentException>(() => CourseData.PathOf("../README.md")).ParamName);
        Assert.Throws<FileNotFoundException>(() => CourseData.PathOf("cifar10.bin"));
    }

    [Fact]
    public void Mnist_pair_with_mismatched_counts_or_non_digit_labels_is_refused_naming_the_label_file()
    {
        string dir = Directory.CreateTempSubdirectory("mnist").FullName;
        try
        {
            string images = Path.Combine(dir, "train-images-idx3-ubyte"), labels = Path.Combine(dir, "train-labels-idx1-ubyte.gz");
            File.WriteAllBytes(images, IdxBytes.Raw([3, 2, 2], IdxBytes.Sequence(12)));
            File.WriteAllBytes(labels, IdxBytes.Gzip(IdxBytes.Raw([2], [1, 2])));
            var e = Assert.Throws<DataFormatException>(() => CourseData.Mnist(images, labels));
            Assert.Equal(labels, e.FileName);
            Assert.Contains("2 labels", e.Problem);
            File.WriteAllBytes(labels, IdxBytes.Gzip(IdxBytes.Raw([3], [1, 12, 2])));
            Assert.Contains("label 12 of item 1", Assert.Throws<DataFormatException>(() => CourseData.Mnist(images, labels)).Problem);
            File.WriteAllBytes(labels, IdxBytes.Gzip(IdxBytes.Raw([3], [1, 9, 0])));
            var d = CourseData.Mnist(images, labels);
            Assert.Equal((3, 4, 10), (d.X.Rows, d.X.Cols, d.ClassCount));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
