using BnnCourse.Numerics;

namespace BnnCourse.Data;

/// <summary>
/// The content of an IDX file of unsigned bytes (type code 0x08): its dimensions and the row-major bytes.
/// The first dimension counts the items (images or labels); the rest is the shape of one item.
/// </summary>
internal sealed class IdxArray
{
    /// <summary>The dimensions from the header, outermost first (e.g. [10000, 28, 28] for MNIST images).</summary>
    public int[] Dimensions { get; }

    /// <summary>The payload, row-major, length = product of <see cref="Dimensions"/>.</summary>
    public byte[] Data { get; }

    /// <summary>Number of items: the first dimension.</summary>
    public int Count => Dimensions[0];

    /// <summary>Number of bytes in one item: the product of all dimensions but the first (1 for a label file).</summary>
    public int ItemLength { get; }

    /// <summary>Wraps dimensions and payload (no copy).</summary>
    /// <exception cref="ArgumentException">No dimensions, a negative dimension, or a payload whose length is not their product.</exception>
    public IdxArray(int[] dimensions, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        if (dimensions.Length == 0) throw new ArgumentException("An IDX array needs at least one dimension.", nameof(dimensions));
        long product = 1;
        foreach (int d in dimensions)
        {
            if (d < 0) throw new ArgumentException($"Dimension {d} is negative.", nameof(dimensions));
            product *= d;
        }
        if (product != data.Length)
            throw new ArgumentException($"data has {data.Length} bytes but the dimensions {string.Join("×", dimensions)} need {product}.", nameof(data));
        Dimensions = dimensions;
        Data = data;
        ItemLength = dimensions[0] == 0 ? (int)ItemProduct(dimensions) : data.Length / dimensions[0];
    }

    static long ItemProduct(int[] dimensions)
    {
        long p = 1;
        for (int i = 1; i < dimensions.Length; i++) p *= dimensions[i];
        return p;
    }

    /// <summary>
    /// The items as a <see cref="Matrix"/> of Count rows and <see cref="ItemLength"/> columns,
    /// each byte b mapped to the correctly rounded b / <paramref name="divisor"/> (255 maps pixels 0..255 onto [0, 1];
    /// 1 keeps the raw values).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">divisor is not finite or is 0.</exception>
    public Matrix ToMatrix(float divisor = 255f)
    {
        if (!float.IsFinite(divisor) || divisor == 0) throw new ArgumentOutOfRangeException(nameof(divisor), divisor, "The divisor must be finite and non-zero.");
        var m = new Matrix(Count, ItemLength);
        var d = m.Data;
        for (int i = 0; i < d.Length; i++) d[i] = Data[i] / divisor;
        return m;
    }

    /// <summary>The bytes as integers (for label files: the class labels).</summary>
    public int[] ToInt32()
    {
        var r = new int[Data.Length];
        for (int i = 0; i < r.Length; i++) r[i] = Data[i];
        return r;
    }
}
