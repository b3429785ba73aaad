using System.Buffers.Binary;
using System.IO.Compression;

namespace BnnCourse.Tests.Data;

/// <summary>Builds IDX content in memory for the reader tests.</summary>
static class IdxBytes
{
    public static byte[] Raw(int[] dims, byte[] payload, byte type = 0x08)
    {
        var b = new byte[4 + 4 * dims.Length + payload.Length];
        b[2] = type;
        b[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4 + 4 * i), dims[i]);
        payload.CopyTo(b, 4 + 4 * dims.Length);
        return b;
    }

    public static byte[] Gzip(byte[] content)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(content);
        return ms.ToArray();
    }

    public static byte[] Sequence(int n)
    {
        var p = new byte[n];
        for (int i = 0; i < n; i++) p[i] = (byte)(i * 37 + 11);
        return p;
    }
}
