using System.Buffers.Binary;
using System.Text;
using BnnCourse.Data;

namespace BnnCourse;

/// <summary>Reads one section's content, checking every length against what remains; errors name the file offset.</summary>
sealed class SectionReader(byte[] content, long fileOffset, string fileName, string section)
{
    int _at;

    public long Offset => fileOffset + _at;

    /// <summary>Bytes left in the section: bounds every count before anything is allocated.</summary>
    public int Remaining => content.Length - _at;

    public DataFormatException Error(string problem) => ErrorAt(Offset, problem);

    public DataFormatException ErrorAt(long offset, string problem) => new(fileName, $"{section}: {problem}", offset: offset);

    /// <summary>A one-byte type code; <paramref name="at"/> is its file offset, for the error that names an unknown code.</summary>
    public byte Code(string what, out long at)
    {
        at = Offset;
        return Byte(what);
    }

    ReadOnlySpan<byte> Take(int n, string what)
    {
        if (n < 0 || content.Length - _at < n)
            throw Error($"ends inside {what} ({n} bytes needed, {content.Length - _at} left).");
        var s = content.AsSpan(_at, n);
        _at += n;
        return s;
    }

    public byte Byte(string what) => Take(1, what)[0];

    public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    public int Count(string what, int max = int.MaxValue)
    {
        long at = Offset;
        int n = Int32(what);
        if (n < 0 || n > max) throw ErrorAt(at, $"{what} = {n} is out of range [0, {max}].");
        return n;
    }

    public float Single(string what) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, what));

    public double Double(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

    /// <summary>A length-prefixed float array; the length must equal <paramref name="expected"/> (if given) and every value be finite.</summary>
    public float[] Floats(string what, int? expected = null)
    {
        long at = Offset;
        int n = Count($"length of {what}", (content.Length - _at - 4) / 4);
        if (expected is int e && n != e)
            throw ErrorAt(at, $"{what} has {n} values, the architecture needs {e}.");
        var bytes = Take(4 * n, what);
        var values = new float[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
            if (!float.IsFinite(values[i]))
                throw ErrorAt(at + 4 + 4 * i, $"{what}[{i}] = {values[i]} is not finite.");
        }
        return values;
    }

    public string Text(string what)
    {
        int n = Count($"length of {what}", content.Length - _at - 4);
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take(n, what)); }
        catch (DecoderFallbackException) { throw Error($"{what} is not valid UTF-8."); }
    }

    public void End()
    {
        if (_at != content.Length) throw Error($"{content.Length - _at} unread bytes at the end of the section.");
    }
}
