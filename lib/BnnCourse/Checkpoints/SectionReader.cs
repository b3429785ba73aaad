using System.Buffers.Binary;
using System.Text;
using BnnCourse.Data;

namespace BnnCourse;

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

    /// <summary>The error for the code just read, outside the closed set <paramref name="known"/> ("1 name, 2 name ...").</summary>
    public DataFormatException Unknown(string what, byte code, string known, string where = "") =>
        ErrorAt(Offset - 1, $"unknown {what} code {code}{where} (known: {known}).");

    ReadOnlySpan<byte> Take(int n, string what)
    {
        if (n < 0 || Remaining < n)
            throw Error($"ends inside {what} ({n} bytes needed, {Remaining} left).");
        var s = content.AsSpan(_at, n);
        _at += n;
        return s;
    }

    /// <summary>A one-byte type code.</summary>
    public byte Code(string what) => Take(1, what)[0];

    /// <summary>A one-byte code from the closed set <paramref name="known"/>: code k is entry k − 1.</summary>
    public T Pick<T>(string what, (T, string)[] known)
    {
        byte code = Code(what);
        return code >= 1 && code <= known.Length ? known[code - 1].Item1
            : throw Unknown(what, code, string.Join(", ", known.Select((k, i) => $"{i + 1} {k.Item2}")));
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

    public void End()
    {
        if (Remaining != 0) throw Error($"{Remaining} unread bytes at the end of the section.");
    }
}
