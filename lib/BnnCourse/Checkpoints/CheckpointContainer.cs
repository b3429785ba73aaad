using System.Buffers.Binary;
using System.Security.Cryptography;
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
        const int minimum = HeaderLength + HashLength;
        if (bytes.Length < minimum)
            throw new DataFormatException(name, $"truncated: {bytes.Length} bytes, fewer than the {minimum} of an empty checkpoint.", offset: bytes.Length);
        var span = bytes.AsSpan();
        if (!span[..8].SequenceEqual(Magic))
            throw new DataFormatException(name, $"not a BnnCourse checkpoint: the file starts with {Convert.ToHexString(span[..8])}, expected the magic \"BNNCKPT\\0\".", offset: 0);
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
        if (version != FormatVersion)
            throw new DataFormatException(name, $"checkpoint format version {version} is not supported: this library reads version {FormatVersion}.", offset: 8);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(span[10..]);
        if (flags != 0)
            throw new DataFormatException(name, $"unknown header flags 0x{flags:X4} (version {FormatVersion} defines none).", offset: 10);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(span[12..]);
        ulong payload = BinaryPrimitives.ReadUInt64LittleEndian(span[16..]);
        ulong expected = payload + minimum;
        if (payload > (ulong)bytes.Length || expected != (ulong)bytes.Length)
            throw new DataFormatException(name, expected > (ulong)bytes.Length || payload > (ulong)bytes.Length
                ? $"truncated: the header declares {payload} payload bytes ({payload + minimum} in all) but the file has {bytes.Length}."
                : $"{(ulong)bytes.Length - expected} unexpected bytes after the {expected} the header declares.", offset: 16);
        int end = HeaderLength + (int)payload;
        Span<byte> hash = stackalloc byte[HashLength];
        SHA256.HashData(span[..end], hash);
        if (!hash.SequenceEqual(span[end..]))
            throw new DataFormatException(name, "corrupted: the SHA-256 of the content does not match the checksum stored in the last 32 bytes.", offset: end);

        var sections = new List<SectionReader>();
        int at = HeaderLength;
        for (uint k = 0; k < count; k++)
        {
            if (end - at < SectionHeaderLength)
                throw new DataFormatException(name, $"section {k + 1} of {count} would start past the end of the payload.", offset: at);
            uint kind = BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(span[(at + 4)..]);
            if (!Enum.IsDefined((SectionKind)kind))
                throw new DataFormatException(name, $"unknown section code {kind} (known: {string.Join(", ", Enum.GetValues<SectionKind>().Select(v => $"{(uint)v} {v}"))}).", offset: at);
            if (sections.Any(s => s.Kind == (SectionKind)kind))
                throw new DataFormatException(name, $"section {(SectionKind)kind} appears twice.", offset: at);
            if (length > (ulong)(end - at - SectionHeaderLength))
                throw new DataFormatException(name, $"section {(SectionKind)kind} declares {length} bytes but only {end - at - SectionHeaderLength} remain in the payload.", offset: at + 4);
            int start = at + SectionHeaderLength;
            sections.Add(new SectionReader((SectionKind)kind, span.Slice(start, (int)length).ToArray(), start, name));
            at = start + (int)length;
        }
        if (at != end)
            throw new DataFormatException(name, $"{end - at} bytes after the last of the {count} sections.", offset: at);
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
