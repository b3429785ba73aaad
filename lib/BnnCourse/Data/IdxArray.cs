using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// The content of an IDX file of unsigned bytes (type code 0x08): its dimensions and the row-major bytes.
/// The first dimension counts the items (images or labels); the rest is the shape of one item.
/// Built by <see cref="IdxReader"/>, which has checked the header: at least one dimension, each in [0, 2³¹),
/// and a payload whose length is their product.
/// </summary>
internal sealed class IdxArray(int[] dimensions, byte[] data)
{
    /// <summary>The dimensions from the header, outermost first (e.g. [10000, 28, 28] for MNIST images).</summary>
    public int[] Dimensions { get; } = dimensions;

    /// <summary>The payload, row-major, length = product of <see cref="Dimensions"/>.</summary>
    public byte[] Data { get; } = data;

    /// <summary>Number of bytes in one item: the product of all dimensions but the first (1 for a label file).</summary>
    public int ItemLength { get; } = (int)dimensions[1..].Aggregate(1L, (p, d) => p * d);

    /// <summary>
    /// The items as a <see cref="Matrix"/> of Dimensions[0] rows and <see cref="ItemLength"/> columns, each byte b
    /// mapped to the correctly rounded b / 255 (pixels 0..255 onto [0, 1]).
    /// </summary>
    public Matrix ToMatrix()
    {
        var m = new Matrix(Dimensions[0], ItemLength);
        var d = m.Data;
        for (int i = 0; i < d.Length; i++) d[i] = Data[i] / 255f;
        return m;
    }

    /// <summary>The bytes as integers (for label files: the class labels).</summary>
    public int[] ToInt32() => Array.ConvertAll(Data, b => (int)b);
}
