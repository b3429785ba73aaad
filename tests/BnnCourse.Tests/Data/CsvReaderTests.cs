using System.Text;
using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Data;

public class CsvReaderTests
{
    static NumericTable Read(string text) => CsvReader.Read(new StringReader(text), "t.csv");

    static DataFormatException Fails(string text)
    {
        var e = Assert.Throws<DataFormatException>(() => Read(text));
        Assert.Equal("t.csv", e.FileName);
        Assert.StartsWith("t.csv, line ", e.Message);
        return e;
    }

    [Fact]
    public void A_leading_BOM_from_a_TextReader_does_not_stay_in_the_first_column_name()
    {
        // Before the fix only ReadFile dropped it (StreamReader detects it); text handed over as a string kept it.
        var t = Read("\uFEFFage,bmi\n1,2\n");
        Assert.Equal(["age", "bmi"], t.ColumnNames);
        Assert.Equal(0, t.IndexOf("age"));
    }

    [Theory]
    [InlineData("\"a,b\",c\n1,2\n", 1)]      // a quoted header name with a separator inside
    [InlineData("a,b\n\"1,5\",2\n", 2)]       // a quoted field with a separator inside
    [InlineData("a,b\n\"1\",2\n", 2)]         // a quoted number
    public void Quoted_fields_are_refused_as_unsupported_quoting_not_as_a_ragged_row(string text, int line)
    {
        var e = Fails(text);
        Assert.Equal(line, e.Line);
        Assert.Contains("quoted fields are not supported", e.Message);
        Assert.DoesNotContain("ragged", e.Message);
    }

    [Fact]
    public void Header_names_and_invariant_culture_numbers_are_read_row_major()
    {
        var t = Read("a, b ,\"c\"\r\n1,2.5,-3e2\n\n  \n0.125 , 1E-3,7\n");
        Assert.Equal(["a", "b", "c"], t.ColumnNames);
        Assert.Equal((2, 3), (t.Values.Rows, t.Values.Cols));
        Assert.Equal([1f, 2.5f, -300f, 0.125f, 0.001f, 7f], t.Values.Data);
        Assert.Equal(2, t.IndexOf("c"));
        Assert.Equal([-300f, 7f], t.Select("c").Data);
    }

    [Fact]
    public void Semicolon_separated_tables_are_read_with_the_separator_argument()
    {
        var t = CsvReader.Read(new StringReader("x;y\n1.5;2\n"), "s.csv", ';');
        Assert.Equal([1.5f, 2f], t.Values.Data);
    }

    [Fact]
    public void A_header_without_rows_gives_an_empty_matrix()
    {
        var t = Read("a,b\n");
        Assert.Equal((0, 2), (t.Values.Rows, t.Values.Cols));
    }

    [Fact]
    public void Empty_input_has_no_header()
    {
        Assert.Contains("no header", Fails("\n  \n").Problem);
    }

    [Fact]
    public void Empty_and_repeated_column_names_are_rejected_on_line_one()
    {
        Assert.Equal(1, Fails("a,,c\n1,2,3").Line);
        Assert.Contains("'a'", Fails("a,b,a\n1,2,3").Problem);
    }

    [Fact]
    public void Ragged_row_names_its_line_and_both_counts()
    {
        var e = Fails("a,b,c\n1,2,3\n\n4,5\n");
        Assert.Equal(4, e.Line);
        Assert.Contains("2 fields", e.Problem);
        Assert.Contains("3 columns", e.Problem);
    }

    [Theory]
    [InlineData("abc", "not a number")]
    [InlineData("1,5", "ragged")] // a decimal comma splits the field
    [InlineData("NaN", "finite")]
    [InlineData("Infinity", "finite")]
    [InlineData("-Infinity", "finite")]
    [InlineData("1e39", "float range")]
    [InlineData("", "not a number")]
    public void Bad_field_names_line_field_and_column(string field, string expected)
    {
        var e = Fails($"a,b\n1,2\n3,{field}\n");
        Assert.Equal(3, e.Line);
        Assert.Contains(expected, e.Problem);
        if (expected != "ragged") Assert.Contains("field 2 ('b')", e.Problem);
    }

    [Fact]
    public void Fuzzed_text_only_raises_the_documented_exception()
    {
        var random = new Xoshiro256(7);
        const string alphabet = "0123456789.,-+eE \n\r\"aN;\t";
        var valid = "a,b,c\n1,2,3\n4.5,-6,7e1\n";
        for (int k = 0; k < 300; k++)
        {
            string text;
            if (k % 3 == 0)
            {
                var bytes = new byte[random.NextInt(80)];
                for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)random.NextUInt64();
                text = Encoding.UTF8.GetString(bytes);
            }
            else if (k % 3 == 1)
            {
                var sb = new StringBuilder("a,b\n");
                for (int i = random.NextInt(60); i > 0; i--) sb.Append(alphabet[random.NextInt(alphabet.Length)]);
                text = sb.ToString();
            }
            else text = valid[..random.NextInt(valid.Length + 1)];
            try { Read(text); }
            catch (DataFormatException) { }
        }
    }

    [Fact]
    public void ReadFile_names_the_path_in_errors()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("csv").FullName, "bad.csv");
        try
        {
            File.WriteAllText(path, "x,y\n1,2\n3,oops\n");
            var e = Assert.Throws<DataFormatException>(() => CsvReader.ReadFile(path));
            Assert.Equal(path, e.FileName);
            Assert.Equal(3, e.Line);
            Assert.Contains("'oops'", e.Message);
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
    }
}
