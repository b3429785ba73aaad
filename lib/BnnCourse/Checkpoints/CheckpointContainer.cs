using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BnnCourse.Data;

namespace BnnCourse;

/// <summary>
/// The checkpoint file container, all integers little-endian:
/// <code>
/// offset  size  field
///      0     8  magic "BNNCKPT\0"
///      8     2  format version (1)
///     10     2  flags (0)
///     12     4  section count
///     16     8  payload length P (bytes of all sections)
///     24     P  sections: u32 kind, u64 length L, L bytes of content
///   24+P    32  SHA-256 of bytes [0, 24+P)
/// </code>
/// Reading checks, in order: size, magic, version, flags, declared length against the file size, the SHA-256,
/// then each section's kind (closed set, no repeats) and bounds. Any failure is a <see cref="DataFormatException"/>
/// naming the file, the byte offset and what was wrong.
/// </summary>
static class CheckpointContainer
{
    public static ReadOnlySpan<byte> Magic => "BNNCKPT\0"u8;
    public const ushort FormatVersion = 1;
    public const int HeaderLength = 24;
    public const int HashLength = 32;
    const int SectionHeaderLength = 12;

    public static byte[] Write(IReadOnlyList<(SectionKind Kind, byte[] Content)> sections)
    {
        var bytes = Build(w =>
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write((ushort)0); // flags
            w.Write((uint)sections.Count);
            w.Write((ulong)sections.Sum(s => SectionHeaderLength + (long)s.Content.Length));
            foreach (var (kind, content) in sections) { w.Write((uint)kind); w.Write((ulong)content.Length); w.Write(content); }
        });
        return [.. bytes, .. SHA256.HashData(bytes)];
    }

    /// <summary>The bytes <paramref name="write"/> writes (BinaryWriter is little-endian on every platform).</summary>
    public static byte[] Build(Action<BinaryWriter> write)
    {
        var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) write(w);
        return ms.ToArray();
    }

    public static IReadOnlyList<SectionReader> Read(byte[] bytes, string name)
    {
        DataFormatException Bad(long offset, string problem) => new(name, problem, offset: offset);
        const int minimum = HeaderLength + HashLength;
        if (bytes.Length < minimum)
            throw Bad(bytes.Length, $"truncated: {bytes.Length} bytes, fewer than the {minimum} of an empty checkpoint.");
        var span = bytes.AsSpan();
        if (!span[..8].SequenceEqual(Magic))
            throw Bad(0, $"not a BnnCourse checkpoint: the file starts with {Convert.ToHexString(span[..8])}, expected the magic \"BNNCKPT\\0\".");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
        if (version != FormatVersion)
            throw Bad(8, $"checkpoint format version {version} is not supported: this library reads version {FormatVersion}.");
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(span[10..]);
        if (flags != 0)
            throw Bad(10, $"unknown header flags 0x{flags:X4} (version {FormatVersion} defines none).");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(span[12..]);
        ulong payload = BinaryPrimitives.ReadUInt64LittleEndian(span[16..]);
        ulong expected = payload + minimum;
        if (payload > (ulong)bytes.Length || expected != (ulong)bytes.Length)
            throw Bad(16, expected > (ulong)bytes.Length || payload > (ulong)bytes.Length
                ? $"truncated: the header declares {payload} payload bytes ({payload + minimum} in all) but the file has {bytes.Length}."
                : $"{(ulong)bytes.Length - expected} unexpected bytes after the {expected} the header declares.");
        int end = HeaderLength + (int)payload;
        if (!SHA256.HashData(span[..end]).AsSpan().SequenceEqual(span[end..]))
            throw Bad(end, "corrupted: the SHA-256 of the content does not match the checksum stored in the last 32 bytes.");

        var sections = new List<SectionReader>();
        int at = HeaderLength;
        for (uint k = 0; k < count; k++)
        {
            if (end - at < SectionHeaderLength)
                throw Bad(at, $"section {k + 1} of {count} would start past the end of the payload.");
            var kind = (SectionKind)BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(span[(at + 4)..]);
            int start = at + SectionHeaderLength;
            if (!Enum.IsDefined(kind))
                throw Bad(at, $"unknown section code {(uint)kind} (known: {string.Join(", ", Enum.GetValues<SectionKind>().Select(v => $"{(uint)v} {v}"))}).");
            if (sections.Any(s => s.Kind == kind))
                throw Bad(at, $"section {kind} appears twice.");
            if (length > (ulong)(end - start))
                throw Bad(at + 4, $"section {kind} declares {length} bytes but only {end - start} remain in the payload.");
            sections.Add(new SectionReader(kind, span.Slice(start, (int)length).ToArray(), start, name));
            at = start + (int)length;
        }
        if (at != end)
            throw Bad(at, $"{end - at} bytes after the last of the {count} sections.");
        return sections;
    }
}

/// <summary>The closed set of section codes a checkpoint may hold (any other code is refused).</summary>
enum SectionKind : uint
{
    Network = 1,
    Likelihood = 2,
    InputStandardizer = 3,
    TargetStandardizer = 4,
    Description = 5,
}

/// <summary>
/// One section of a checkpoint, read front to back, checking every length against what remains; errors name the
/// file, the section and the file offset.
/// </summary>
sealed class SectionReader(SectionKind kind, byte[] content, long fileOffset, string fileName)
{
    int _at;

    public SectionKind Kind => kind;
    public byte[] Content => content;

    /// <summary>File offset of the section's first byte.</summary>
    public long Start => fileOffset;

    /// <summary>File offset of the next byte to read.</summary>
    public long Offset => fileOffset + _at;

    /// <summary>Bytes left in the section: bounds every count before anything is allocated.</summary>
    public int Remaining => content.Length - _at;

    public DataFormatException Error(string problem) => ErrorAt(Offset, problem);

    public DataFormatException ErrorAt(long offset, string problem) => new(fileName, $"{kind} section: {problem}", offset: offset);

    ReadOnlySpan<byte> Take(int n, string what)
    {
        if (n < 0 || Remaining < n)
            throw Error($"ends inside {what} ({n} bytes needed, {Remaining} left).");
        var s = content.AsSpan(_at, n);
        _at += n;
        return s;
    }

    /// <summary>A one-byte code from the closed set <paramref name="codes"/> (entry k − 1 has code k), then its payload.</summary>
    public T Read<T>(string what, ModelCodec.Code<T>[] codes, string where = "")
    {
        byte code = Take(1, $"{what} code")[0];
        return code >= 1 && code <= codes.Length ? codes[code - 1].Read(this)
            : throw ErrorAt(Offset - 1, $"unknown {what} code {code}{where} (known: {string.Join(", ", codes.Select((c, k) => $"{k + 1} {c.Name}"))}).");
    }

    public int Count(string what, int max = int.MaxValue)
    {
        int n = BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));
        if (n < 0 || n > max) throw ErrorAt(Offset - 4, $"{what} = {n} is out of range [0, {max}].");
        return n;
    }

    /// <summary>A float that must be finite (a prior's σ, the noise parameter ...).</summary>
    public float Single(string what)
    {
        float v = BinaryPrimitives.ReadSingleLittleEndian(Take(4, what));
        return float.IsFinite(v) ? v : throw ErrorAt(Offset - 4, $"{what} = {v} is not finite.");
    }

    /// <summary>A one-byte flag, 0 (false) or 1 (true).</summary>
    public bool Flag(string what)
    {
        byte b = Take(1, what)[0];
        return b <= 1 ? b == 1 : throw ErrorAt(Offset - 1, $"{what} = {b} is not 0 or 1.");
    }

    public double Double(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

    /// <summary>A length-prefixed float array; the length must equal <paramref name="expected"/> and every value be finite.</summary>
    public float[] Floats(string what, int expected)
    {
        int n = Count($"length of {what}", (Remaining - 4) / 4);
        if (n != expected)
            throw ErrorAt(Offset - 4, $"{what} has {n} values, the architecture needs {expected}.");
        var bytes = Take(4 * n, what);
        var values = new float[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
            if (!float.IsFinite(values[i]))
                throw ErrorAt(Offset - 4 * (n - i), $"{what}[{i}] = {values[i]} is not finite.");
        }
        return values;
    }

    public string Text(string what)
    {
        int n = Count($"length of {what}", Remaining - 4);
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take(n, what)); }
        catch (DecoderFallbackException) { throw Error($"{what} is not valid UTF-8."); }
    }

    /// <summary>Runs <paramref name="decode"/> over the whole section; a constructor's ArgumentException becomes a format error here.</summary>
    public T Parse<T>(Func<SectionReader, T> decode)
    {
        T value;
        try { value = decode(this); }
        catch (ArgumentException e) { throw Error($"invalid contents: {e.Message}"); }
        return Remaining == 0 ? value : throw Error($"{Remaining} unread bytes at the end of the section.");
    }
}
