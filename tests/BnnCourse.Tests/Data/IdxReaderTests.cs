using BnnCourse.Data;
using BnnCourse.Randomness;

namespace BnnCourse.Tests.Data;

public class IdxReaderTests
{
    static IdxArray Read(byte[] bytes, string name = "test.idx") => IdxReader.Read(new MemoryStream(bytes), name);

    static DataFormatException Fails(byte[] bytes, string name = "bad.idx")
    {
        var e = Assert.Throws<DataFormatException>(() => Read(bytes, name));
        Assert.Equal(name, e.FileName);
        Assert.StartsWith(name, e.Message);
        return e;
    }

    [Fact]
    public void Raw_and_gzip_content_give_the_same_dimensions_and_bytes()
    {
        var raw = IdxBytes.Raw([3, 2, 4], IdxBytes.Sequence(24));
        var a = Read(raw);
        var b = Read(IdxBytes.Gzip(raw));
        Assert.Equal([3, 2, 4], a.Dimensions);
        Assert.Equal(8, a.ItemLength);
        Assert.Equal(IdxBytes.Sequence(24), a.Data);
        Assert.Equal(a.Dimensions, b.Dimensions);
        Assert.Equal(a.Data, b.Data);
    }

    [Fact]
    public void ToMatrix_scales_bytes_to_the_unit_interval_row_per_item()
    {
        var idx = Read(IdxBytes.Raw([2, 1, 2], [0, 255, 51, 102]));
        var m = idx.ToMatrix();
        Assert.Equal((2, 2), (m.Rows, m.Cols));
        Assert.Equal([0f, 1f, 0.2f, 0.4f], m.Data);
    }

    [Fact]
    public void Non_seekable_streams_are_read_too()
    {
        var raw = IdxBytes.Gzip(IdxBytes.Raw([5], [1, 2, 3, 4, 5]));
        var idx = IdxReader.Read(new ForwardOnlyStream(raw), "pipe");
        Assert.Equal([1, 2, 3, 4, 5], idx.ToInt32());
    }

    [Fact]
    public void Wrong_magic_number_is_reported_at_offset_zero()
    {
        var bytes = IdxBytes.Raw([1], [7]);
        bytes[0] = 0x50; // e.g. a PNG or text file
        var e = Fails(bytes);
        Assert.Equal(0, e.Offset);
        Assert.Contains("magic", e.Problem);
    }

    [Fact]
    public void Unsupported_element_type_is_reported_with_its_code()
    {
        var e = Fails(IdxBytes.Raw([1], [0, 0, 0, 0], type: 0x0D));
        Assert.Equal(2, e.Offset);
        Assert.Contains("0x0D", e.Problem);
    }

    [Fact]
    public void Zero_dimensions_are_rejected()
    {
        var e = Fails(IdxBytes.Raw([], []));
        Assert.Equal(3, e.Offset);
    }

    [Fact]
    public void Header_cut_inside_the_sizes_is_reported_where_it_ends()
    {
        var bytes = IdxBytes.Raw([10, 28, 28], []);
        var e = Fails(bytes[..9]);
        Assert.Equal(9, e.Offset);
        Assert.Contains("header", e.Problem);
    }

    [Fact]
    public void Payload_shorter_than_the_header_count_names_both_sizes()
    {
        var e = Fails(IdxBytes.Raw([4, 3], IdxBytes.Sequence(10)));
        Assert.Equal(12 + 10, e.Offset);
        Assert.Contains("12 payload bytes", e.Problem);
        Assert.Contains("after 10", e.Problem);
    }

    [Fact]
    public void Payload_longer_than_the_header_count_is_rejected()
    {
        var e = Fails(IdxBytes.Raw([4], IdxBytes.Sequence(5)));
        Assert.Equal(8 + 4, e.Offset);
        Assert.Contains("does not match", e.Problem);
    }

    [Fact]
    public void Huge_header_count_with_a_tiny_payload_fails_without_allocating_it()
    {
        var e = Fails(IdxBytes.Raw([int.MaxValue - 100], [1, 2, 3]));
        Assert.Contains("truncated", e.Problem);
    }

    [Fact]
    public void Dimension_product_beyond_the_largest_array_is_rejected()
    {
        var e = Fails(IdxBytes.Raw([65536, 65536], []));
        Assert.Equal(8, e.Offset);
    }

    [Fact]
    public void Truncated_gzip_stream_is_a_format_error()
    {
        var gz = IdxBytes.Gzip(IdxBytes.Raw([200, 10], IdxBytes.Sequence(2000)));
        foreach (int cut in new[] { 3, 10, gz.Length / 2, gz.Length - 8, gz.Length - 1 })
            Fails(gz[..cut]);
    }

    [Fact]
    public void Flipped_bit_in_a_gzip_file_fails_or_decodes_to_the_original_content()
    {
        var raw = IdxBytes.Raw([100], IdxBytes.Sequence(100));
        var gz = IdxBytes.Gzip(raw);
        int failures = 0;
        for (int i = 0; i < gz.Length; i++)
            for (int bit = 0; bit < 8; bit++)
            {
                var bad = (byte[])gz.Clone();
                bad[i] ^= (byte)(1 << bit);
                try { Assert.Equal(raw[8..], Read(bad).Data); } // e.g. header MTIME/OS bytes or unused padding bits
                catch (DataFormatException) { failures++; }
            }
        // The CRC-32 in the trailer catches the flips that change the content: most flips must fail.
        Assert.True(failures > gz.Length * 8 / 2, $"only {failures} of {gz.Length * 8} flips detected");
    }

    [Fact]
    public void Fuzzed_and_truncated_inputs_only_raise_the_documented_exception()
    {
        var random = new Xoshiro256(20260127);
        var valid = IdxBytes.Raw([6, 5, 4], IdxBytes.Sequence(120));
        var validGz = IdxBytes.Gzip(valid);
        int cases = 0;
        for (int cut = 0; cut < valid.Length; cut += 3, cases++) TryRead(valid[..cut]);
        for (int cut = 0; cut < validGz.Length; cut += 2, cases++) TryRead(validGz[..cut]);
        for (int k = 0; k < 300; k++, cases++)
        {
            byte[] bytes;
            switch (k % 4)
            {
                case 0: // pure noise
                    bytes = RandomBytes(random, random.NextInt(64));
                    break;
                case 1: // a plausible header with random sizes and a random payload
                    bytes = RandomBytes(random, 4 + random.NextInt(60));
                    bytes[0] = 0; bytes[1] = 0; bytes[2] = 0x08; bytes[3] = (byte)random.NextInt(5);
                    break;
                case 2: // gzip magic followed by noise
                    bytes = RandomBytes(random, 2 + random.NextInt(80));
                    bytes[0] = 0x1F; bytes[1] = 0x8B;
                    break;
                default: // random bytes flipped in a valid gzip file
                    bytes = (byte[])validGz.Clone();
                    for (int f = 1 + random.NextInt(3); f > 0; f--) bytes[random.NextInt(bytes.Length)] ^= (byte)(1 + random.NextInt(255));
                    break;
            }
            TryRead(bytes);
        }
        Assert.True(cases > 400);
    }

    static void TryRead(byte[] bytes)
    {
        try { Read(bytes); }
        catch (DataFormatException) { }
    }

    static byte[] RandomBytes(Xoshiro256 random, int n)
    {
        var b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte)random.NextUInt64();
        return b;
    }

    [Fact]
    public void ReadImages_and_ReadLabels_check_the_rank_and_name_the_file()
    {
        string dir = Directory.CreateTempSubdirectory("idx").FullName;
        try
        {
            string labels = Path.Combine(dir, "labels.idx"), images = Path.Combine(dir, "images.idx.gz");
            File.WriteAllBytes(labels, IdxBytes.Raw([3], [1, 2, 3]));
            File.WriteAllBytes(images, IdxBytes.Gzip(IdxBytes.Raw([2, 2, 2], IdxBytes.Sequence(8))));
            Assert.Equal([1, 2, 3], IdxReader.ReadLabels(labels));
            Assert.Equal((2, 4), (IdxReader.ReadImages(images).Rows, IdxReader.ReadImages(images).Cols));
            var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(images));
            Assert.Equal(images, e.FileName);
            Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(labels));
            Assert.Throws<FileNotFoundException>(() => IdxReader.ReadFile(Path.Combine(dir, "missing.idx")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void An_over_long_pipe_is_refused_after_reading_what_the_header_declares()
    {
        // 8 header bytes declaring 10 payload bytes, then 100 MB more (generated on the fly, never allocated).
        var pipe = new EndlessPipe(IdxBytes.Raw([10], IdxBytes.Sequence(10)), budget: 1 << 20, length: 100_000_000);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(pipe, "pipe"));
        Assert.Contains("continues past", e.Problem);
        Assert.InRange(pipe.BytesRead, 18, 18 + 16);
    }

    [Fact]
    public void An_endless_pipe_is_refused_raw_or_gzip()
    {
        var raw = new EndlessPipe(IdxBytes.Raw([1000], IdxBytes.Sequence(1000)), budget: 1 << 20);
        Assert.Throws<DataFormatException>(() => IdxReader.Read(raw, "pipe"));
        Assert.InRange(raw.BytesRead, 1008, 1008 + 16);

        // A gzip stream whose content (8 MB of zeros) runs far past the 1000 bytes its IDX header declares:
        // refused after decompressing one byte too many, having read a few kilobytes of compressed bytes.
        var content = new byte[8 << 20];
        IdxBytes.Raw([1000], new byte[1000]).CopyTo(content, 0);
        var gz = new EndlessPipe(IdxBytes.Gzip(content), budget: 1 << 16, length: 0);
        Assert.Throws<DataFormatException>(() => IdxReader.Read(gz, "pipe.gz"));
        Assert.InRange(gz.BytesRead, 1, 1 << 16);
    }

    [Fact]
    public void Pipes_give_the_same_errors_as_seekable_streams_for_truncation_and_bad_trailers()
    {
        var raw = IdxBytes.Raw([2, 3], IdxBytes.Sequence(6));
        var gz = IdxBytes.Gzip(raw);
        Assert.Equal(IdxBytes.Sequence(6), IdxReader.Read(new ForwardOnlyStream(raw), "pipe").Data);
        Assert.Equal(IdxBytes.Sequence(6), IdxReader.Read(new ForwardOnlyStream(gz), "pipe").Data);
        var truncated = gz[..^4];
        var a = Assert.Throws<DataFormatException>(() => IdxReader.Read(new MemoryStream(truncated), "x"));
        var b = Assert.Throws<DataFormatException>(() => IdxReader.Read(new ForwardOnlyStream(truncated), "x"));
        Assert.Equal(a.Problem, b.Problem);
        var badCrc = (byte[])gz.Clone();
        badCrc[^8] ^= 0xFF;
        a = Assert.Throws<DataFormatException>(() => IdxReader.Read(new MemoryStream(badCrc), "x"));
        b = Assert.Throws<DataFormatException>(() => IdxReader.Read(new ForwardOnlyStream(badCrc), "x"));
        Assert.Equal(a.Problem, b.Problem);
    }

    /// <summary>
    /// A non-seekable stream: <paramref name="head"/>, then <paramref name="length"/> bytes of 0x2A (endless when
    /// negative). Reading more than <paramref name="budget"/> bytes in all throws, so a reader that slurps the pipe
    /// fails the test instead of hanging it.
    /// </summary>
    sealed class EndlessPipe(byte[] head, long budget, long length = -1) : Stream
    {
        public long BytesRead { get; private set; }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            long left = length < 0 ? long.MaxValue : head.Length + length - BytesRead;
            int n = (int)Math.Min(buffer.Length, left);
            if (n <= 0) return 0;
            if (BytesRead + n > budget) throw new InvalidOperationException($"the reader asked for more than {budget} bytes");
            for (int i = 0; i < n; i++)
            {
                long at = BytesRead + i;
                buffer[i] = at < head.Length ? head[at] : (byte)0x2A;
            }
            BytesRead += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A stream that cannot seek, like a pipe or a network response.</summary>
    sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
