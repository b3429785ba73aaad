using System.Buffers.Binary;
using System.IO.Compression;
using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// Reads IDX files (LeCun's MNIST format), raw or gzip-compressed (detected by the gzip magic bytes 1F 8B).
/// Header: two zero bytes, a type code (only 0x08, unsigned byte, is supported: all MNIST files use it),
/// the number of dimensions d, then d big-endian 32-bit sizes; then the payload, row-major.
/// </summary>
/// <remarks>
/// Every problem with the content throws <see cref="DataFormatException"/> naming the file and the byte offset
/// (counted in the decompressed content for gzip files): wrong magic number, unsupported type, zero dimensions,
/// a payload shorter or longer than the header declares, a truncated or corrupt gzip stream. A gzip file must be
/// a single gzip member (what gzip(1) writes for one file, and every MNIST file is): the reader checks that the
/// stream ends with the member's trailer (CRC-32 and length of the decompressed content), which catches a
/// truncated file that the .NET decoder alone would accept as a short stream.
/// Problems opening a file surface as <see cref="IOException"/> and its relatives.
/// Memory is allocated as the payload arrives, never from a size claimed in the header, so a corrupt header
/// cannot make the reader allocate gigabytes. Every stream, seekable or not (a pipe), is read forward once as it
/// arrives, never copied whole first: at most the declared payload plus one byte (raw) or plus 64 KiB past the
/// gzip content.
/// </remarks>
internal static class IdxReader
{
    /// <summary>How far a gzip stream may run on past its content (the 8-byte trailer, padding) before it is refused.</summary>
    const int TrailingLimit = 1 << 16;

    /// <summary>Reads an IDX file (raw or gzip) into its dimensions and bytes.</summary>
    /// <exception cref="DataFormatException">The content is not a well-formed IDX file of unsigned bytes.</exception>
    public static IdxArray ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>
    /// Reads an image file: a Count × (rows·cols) matrix with pixels scaled to [0, 1] (byte / 255).
    /// Use <see cref="ReadFile"/> and <see cref="IdxArray.Data"/> for the raw bytes.
    /// </summary>
    /// <exception cref="DataFormatException">Malformed, or fewer than two dimensions.</exception>
    public static Matrix ReadImages(string path)
    {
        var idx = ReadFile(path);
        if (idx.Dimensions.Length < 2)
            throw new DataFormatException(path, $"expected an image file with at least 2 dimensions (count, rows, cols) but the header declares {idx.Dimensions.Length}.", offset: 3);
        return idx.ToMatrix();
    }

    /// <summary>Reads a label file (one dimension, one byte per label) as integers 0..255.</summary>
    /// <exception cref="DataFormatException">Malformed, or not one-dimensional.</exception>
    public static int[] ReadLabels(string path)
    {
        var idx = ReadFile(path);
        if (idx.Dimensions.Length != 1)
            throw new DataFormatException(path, $"expected a label file with 1 dimension but the header declares {idx.Dimensions.Length} ({string.Join("×", idx.Dimensions)}).", offset: 3);
        return idx.ToInt32();
    }

    /// <summary>Reads IDX content from a stream (raw or gzip). <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">The content is not a well-formed IDX file of unsigned bytes.</exception>
    public static IdxArray Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        var tracked = new TailTrackingStream(stream);
        if (!tracked.IsGzip) return Parse(tracked, sourceName, gzip: false, out _, out _);
        using var inflated = new GZipStream(tracked, CompressionMode.Decompress, leaveOpen: true);
        var result = Parse(inflated, sourceName, gzip: true, out uint crc, out long length);
        CheckTrailer(tracked, crc, length, sourceName);
        return result;
    }

    // RFC 1952: a member ends with CRC-32 and ISIZE (length mod 2^32) of the uncompressed data, little-endian;
    // the tracked stream kept the last 8 bytes it passed on.
    static void CheckTrailer(TailTrackingStream gz, uint crc, long length, string name)
    {
        if (gz.DrainAtMost(TrailingLimit))
            throw new DataFormatException(name, $"the gzip stream continues more than {TrailingLimit} bytes past the end of its content (several members, or trailing data, are not supported).", offset: length);
        const string hint = "the gzip stream is truncated or corrupt (or holds several members, which is not supported)";
        if (gz.Count < 18)
            throw new DataFormatException(name, $"{hint}: {gz.Count} compressed bytes cannot hold a gzip header and trailer.", offset: length);
        uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(gz.Tail);
        uint storedSize = BinaryPrimitives.ReadUInt32LittleEndian(gz.Tail[4..]);
        if (storedCrc != crc || storedSize != (uint)length)
            throw new DataFormatException(name,
                $"{hint}: the last 8 bytes declare CRC-32 0x{storedCrc:X8} and length {storedSize} but the decompressed content has CRC-32 0x{crc:X8} and length {length}.",
                offset: length);
    }

    static IdxArray Parse(Stream content, string name, bool gzip, out uint crc, out long length)
    {
        string where = gzip ? " (decompressed)" : "";
        var reader = new ContentReader(content, name, gzip);
        Span<byte> head = stackalloc byte[4];
        int n = reader.Fill(head);
        if (n < 4)
            throw new DataFormatException(name, $"file{where} ends after {n} bytes, inside the 4-byte IDX magic number.", offset: n);
        uint magicNumber = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (head[0] != 0 || head[1] != 0)
            throw new DataFormatException(name, $"not an IDX file: magic number 0x{magicNumber:X8}{where}, expected 0x000008NN (two zero bytes, type 0x08, number of dimensions).", offset: 0);
        if (head[2] != 0x08)
            throw new DataFormatException(name, $"unsupported IDX element type 0x{head[2]:X2} (magic 0x{magicNumber:X8}); only unsigned bytes (0x08) are supported.", offset: 2);
        int rank = head[3];
        if (rank == 0)
            throw new DataFormatException(name, "the IDX header declares 0 dimensions.", offset: 3);

        Span<byte> sizeBytes = stackalloc byte[4 * rank];
        n = reader.Fill(sizeBytes);
        if (n < sizeBytes.Length)
            throw new DataFormatException(name, $"file{where} ends after {4 + n} bytes, inside the header ({rank} dimension sizes need {4 + 4 * rank} bytes).", offset: 4 + n);
        var dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(sizeBytes.Slice(4 * i, 4));
            if (d > int.MaxValue)
                throw new DataFormatException(name, $"dimension {i} has size {d}, larger than {int.MaxValue}.", offset: 4 + 4 * i);
            dims[i] = (int)d;
            total *= d;
            if (total > Array.MaxLength)
                throw new DataFormatException(name, $"the header declares dimensions {string.Join("×", dims[..(i + 1)])}... whose product exceeds the largest array ({Array.MaxLength} bytes).", offset: 4 + 4 * i);
        }
        long headerLength = 4 + 4L * rank;
        var payload = reader.ReadPayload((int)total, out int read);
        if (read < total)
            throw new DataFormatException(name,
                $"truncated: the header declares {string.Join("×", dims)} = {total} payload bytes but the content{where} ends after {read} of them.",
                offset: headerLength + read);
        if (reader.HasMore())
            throw new DataFormatException(name,
                $"the content{where} continues past the {total} payload bytes the header declares ({string.Join("×", dims)}): header count does not match the payload.",
                offset: headerLength + total);
        crc = reader.Crc;
        length = reader.Position;
        return new IdxArray(dims, payload);
    }

    /// <summary>Reads from the (possibly gzip) content, turning decoder failures into <see cref="DataFormatException"/>.</summary>
    sealed class ContentReader(Stream content, string name, bool gzip)
    {
        /// <summary>CRC-32 of everything read so far (gzip content only: raw files have no checksum to compare).</summary>
        public uint Crc { get; private set; }

        /// <summary>Number of bytes read so far.</summary>
        public long Position { get; private set; }

        public int Fill(Span<byte> buffer)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int n;
                try { n = content.Read(buffer[total..]); }
                catch (InvalidDataException e) when (gzip)
                {
                    throw new DataFormatException(name, $"corrupt or truncated gzip stream after {Position} decompressed bytes: {e.Message}", offset: Position, inner: e);
                }
                if (n == 0) break;
                if (gzip) Crc = Crc32.Append(Crc, buffer.Slice(total, n));
                total += n;
                Position += n;
            }
            return total;
        }

        // The caller's buffer grows as bytes arrive: a header that lies about the size costs nothing.
        public byte[] ReadPayload(int expected, out int read)
        {
            var buffer = new byte[Math.Min(expected, 1 << 20)];
            read = 0;
            while (read < expected)
            {
                if (read == buffer.Length)
                    Array.Resize(ref buffer, (int)Math.Min(expected, Math.Max(2L * buffer.Length, 1)));
                int n = Fill(buffer.AsSpan(read, buffer.Length - read));
                read += n;
                if (read < buffer.Length) break; // end of content
            }
            return buffer;
        }

        public bool HasMore() => Fill(stackalloc byte[1]) == 1;
    }

    /// <summary>
    /// Passes reads through, counting them and keeping the last 8 bytes (where a gzip member keeps its trailer);
    /// the first two bytes are read ahead to tell gzip from raw content, and handed out again by the first reads.
    /// </summary>
    sealed class TailTrackingStream(Stream inner) : Stream
    {
        readonly byte[] _tail = new byte[8];
        readonly byte[] _head = ReadHead(inner);
        int _headAt;

        static byte[] ReadHead(Stream inner)
        {
            var head = new byte[2];
            return head[..inner.ReadAtLeast(head, 2, throwOnEndOfStream: false)];
        }

        public bool IsGzip => _head is [0x1F, 0x8B];
        public long Count { get; private set; }
        public ReadOnlySpan<byte> Tail => _tail; // the last 8 bytes once Count ≥ 8

        /// <summary>Reads on to the end, at most <paramref name="limit"/> bytes; true when the stream had more.</summary>
        public bool DrainAtMost(int limit) => this.ReadAtLeast(new byte[limit + 1], limit + 1, throwOnEndOfStream: false) > limit;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            if (_headAt < _head.Length)
            {
                n = Math.Min(buffer.Length, _head.Length - _headAt);
                _head.AsSpan(_headAt, n).CopyTo(buffer);
                _headAt += n;
            }
            else n = inner.Read(buffer);
            Remember(buffer[..n]);
            return n;
        }

        void Remember(ReadOnlySpan<byte> read)
        {
            Count += read.Length;
            if (read.Length >= 8) { read[^8..].CopyTo(_tail); return; }
            int keep = 8 - read.Length;
            _tail.AsSpan(read.Length, keep).CopyTo(_tail);
            read.CopyTo(_tail.AsSpan(keep));
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
