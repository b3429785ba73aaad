using BnnCourse.Data;
using BnnCourse.Numerics;

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
    public void A_gzip_pipe_is_read_incrementally_with_its_trailer_checked()
    {
        var raw = IdxBytes.Raw([3, 2, 4], IdxBytes.Sequence(24));
        var idx = IdxReader.Read(new ForwardOnlyStream(IdxBytes.Gzip(raw)), "pipe.gz");
        Assert.Equal(IdxBytes.Sequence(24), idx.Data);
        var corrupt = IdxBytes.Gzip(raw);
        corrupt[^5] ^= 0x40; // the stored length in the trailer
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(new ForwardOnlyStream(corrupt), "pipe.gz"));
        Assert.Equal("pipe.gz", e.FileName);
    }

    [Fact]
    public void A_seekable_stream_and_a_pipe_get_the_same_checks_and_messages()
    {
        var gz = IdxBytes.Gzip(IdxBytes.Raw([3, 2, 4], IdxBytes.Sequence(24)));
        var flipped = (byte[])gz.Clone();
        flipped[^8] ^= 1; // the stored CRC-32
        foreach (var bad in new[] { gz[..^1], flipped, [.. gz, 0], [.. gz, .. new byte[100_000]], IdxBytes.Raw([4], [1, 2]) })
        {
            var seekable = Assert.Throws<DataFormatException>(() => IdxReader.Read(new MemoryStream(bad), "x.gz"));
            var pipe = Assert.Throws<DataFormatException>(() => IdxReader.Read(new ForwardOnlyStream(bad), "x.gz"));
            Assert.Equal(seekable.Message, pipe.Message);
        }
    }

    [Fact]
    public void An_endless_pipe_after_a_small_header_is_refused_after_reading_only_what_the_header_declares()
    {
        // Header: 1 dimension of 10 bytes, then a pipe that never ends. Before the fix the reader copied the whole
        // stream into memory first (4 GB allocated, then IOException "Stream was too long").
        var header = IdxBytes.Raw([10], IdxBytes.Sequence(10));
        var pipe = new EndlessStream(header);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(pipe, "endless"));
        Assert.Contains("continues past the 10 payload bytes", e.Message);
        Assert.True(pipe.BytesRead <= header.Length + 1 + 4096, $"read {pipe.BytesRead} bytes");
    }

    [Fact]
    public void An_endless_gzip_pipe_is_refused_with_a_bounded_read()
    {
        var member = IdxBytes.Gzip(IdxBytes.Raw([10], IdxBytes.Sequence(10)));
        var pipe = new EndlessStream(member);
        Assert.Throws<DataFormatException>(() => IdxReader.Read(pipe, "endless.gz"));
        Assert.True(pipe.BytesRead <= member.Length + (1 << 16) + (1 << 16), $"read {pipe.BytesRead} bytes");
    }

    /// <summary>
    /// A pipe that yields <paramref name="prefix"/>, then zero bytes, counting what was read; it stops after 64 MiB so
    /// that a reader which copies the whole stream first (the old behaviour) fails the bound instead of hanging.
    /// </summary>
    sealed class EndlessStream(byte[] prefix) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            count = (int)Math.Min(count, (64L << 20) - BytesRead);
            for (int i = 0; i < count; i++)
                buffer[offset + i] = BytesRead + i < prefix.Length ? prefix[BytesRead + i] : (byte)0;
            BytesRead += count;
            return count;
        }
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
