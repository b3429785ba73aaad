using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Data;

/// <summary>The formats published benchmark files come in: no header, a count line first, comments, unsorted split files.</summary>
public class PublishedFormatTests
{
    static string Temp(string text)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("csv").FullName, "t.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_file_with_no_header_names_its_columns_and_keeps_its_first_row()
    {
        var t = CsvReader.Read(new StringReader("1,2,3\n4,5,6\n"), "t.csv", hasHeader: false);
        Assert.Equal(["column 1", "column 2", "column 3"], t.ColumnNames);
        Assert.Equal(2, t.Values.Rows);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], t.Values.Data);
    }

    [Fact]
    public void A_count_line_is_skipped_and_errors_still_name_the_true_line()
    {
        var t = CsvReader.Read(new StringReader("442,10\na,b\n1,2\n"), "t.csv", skipLines: 1);
        Assert.Equal(["a", "b"], t.ColumnNames);
        Assert.Equal([1f, 2f], t.Values.Data);
        var e = Assert.Throws<DataFormatException>(() => CsvReader.Read(new StringReader("442,10\na,b\n1,2\n3,x\n"), "t.csv", skipLines: 1));
        Assert.Equal(4, e.Line);
        var short_ = Assert.Throws<DataFormatException>(() => CsvReader.Read(new StringReader("one line\n"), "t.csv", skipLines: 3));
        Assert.Contains("before the 3 lines to skip", short_.Message);
    }

    [Fact]
    public void Comment_lines_are_skipped_anywhere_and_a_comment_mark_that_can_start_a_number_is_refused()
    {
        var t = CsvReader.Read(new StringReader("# UCI yacht\nx,y\n1,2\n  # a note\n3,4\n"), "t.csv", comment: '#');
        Assert.Equal([1f, 2f, 3f, 4f], t.Values.Data);
        Assert.Throws<DataFormatException>(() => CsvReader.Read(new StringReader("# UCI yacht\nx,y\n1,2\n"), "t.csv"));   // without the option: '#' is a name, then a ragged row
        var e = Assert.Throws<ArgumentException>(() => CsvReader.Read(new StringReader("x\n1\n"), "t.csv", comment: '-'));
        Assert.Equal("comment", e.ParamName);
    }

    [Fact]
    public void ReadCsv_takes_the_target_column_by_position_and_names_a_bad_one()
    {
        string path = Temp("1 2 3\n4 5 6\n7 8 9\n");
        var last = RegressionDataset.ReadCsv(path, hasHeader: false, separator: ' ');
        Assert.Equal([3f, 6f, 9f], last.Y.Data);
        Assert.Equal([1f, 2f, 4f, 5f, 7f, 8f], last.X.Data);
        var first = RegressionDataset.ReadCsv(path, targetColumn: 0, hasHeader: false, separator: ' ');
        Assert.Equal([1f, 4f, 7f], first.Y.Data);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RegressionDataset.ReadCsv(path, targetColumn: 3, hasHeader: false, separator: ' '));
        Assert.Equal("targetColumn", e.ParamName);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_split_in_any_order_is_accepted_and_kept_but_repeats_and_overlaps_are_refused()
    {
        var split = new TrainTestSplit([4, 0, 3], [2, 1]);
        var data = new RegressionDataset(Matrix.Column([10f, 11f, 12f, 13f, 14f]), Matrix.Column([0f, 1f, 2f, 3f, 4f]));
        var (train, test) = data.Split(split);
        Assert.Equal([14f, 10f, 13f], train.X.Data);
        Assert.Equal([12f, 11f], test.X.Data);
        var repeat = Assert.Throws<ArgumentException>(() => new TrainTestSplit([1, 2, 1], [0]));
        Assert.Contains("repeats index 1 (positions 0 and 2)", repeat.Message);
        var overlap = Assert.Throws<ArgumentException>(() => new TrainTestSplit([1, 2], [3, 2]));
        Assert.Contains("Index 2 is in both parts", overlap.Message);
        Assert.Throws<ArgumentException>(() => new TrainTestSplit([-1], [0]));
    }
}
