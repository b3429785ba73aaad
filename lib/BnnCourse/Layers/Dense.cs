using BnnCourse.Numerics;

namespace BnnCourse;

/// <summary>
/// A deterministic fully connected layer y = x·W + b, W stored [in × out] row-major: the baseline a Bayesian
/// layer is compared against. Backward: dW = xᵀ·dy, db = Σ_rows dy, dx = dy·Wᵀ.
/// </summary>
public sealed class Dense : Layer
{
    /// <summary>A layer with W ~ U(−a, a), a = √(6/(in + out)) (Glorot and Bengio 2010) drawn from <paramref name="rng"/>, and b = 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">inputs or outputs ≤ 0.</exception>
    public Dense(int inputs, int outputs, Xoshiro256 rng)
    {
        InputSize = Require.Positive(inputs, nameof(inputs));
        OutputSize = Require.Positive(outputs, nameof(outputs));
        ArgumentNullException.ThrowIfNull(rng);
        Weights = new float[Require.ArrayLength(inputs, outputs, nameof(inputs), nameof(outputs))];
        Bias = new float[outputs];
        rng.FillUniform(Weights);
        float a = MathF.Sqrt(6f / (inputs + outputs));
        for (int i = 0; i < Weights.Length; i++) Weights[i] = a * (2f * Weights[i] - 1f);
        Parameters = [new Parameter("W", Weights), new Parameter("b", Bias)];
    }

    /// <summary>A layer with the given W ([in × out] row-major) and b (copied), e.g. loaded from a checkpoint.</summary>
    /// <exception cref="ArgumentException">Sizes ≤ 0, lengths inconsistent, or a value NaN/∞.</exception>
    public static Dense FromWeights(int inputs, int outputs, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
    {
        Require.Positive(inputs, nameof(inputs));
        Require.Positive(outputs, nameof(outputs));
        Require.Length(weights.Length, (long)inputs * outputs, nameof(weights));
        Require.Length(bias.Length, outputs, nameof(bias));
        Require.AllFinite(weights, nameof(weights));
        Require.AllFinite(bias, nameof(bias));
        var layer = new Dense(inputs, outputs, new Xoshiro256(0));
        weights.CopyTo(layer.Weights);
        bias.CopyTo(layer.Bias);
        return layer;
    }

    /// <summary>Number of inputs.</summary>
    public int InputSize { get; }

    /// <summary>Number of outputs.</summary>
    public int OutputSize { get; }

    private protected override (int Inputs, int Outputs)? FixedShape => (InputSize, OutputSize);

    /// <summary>W, [in × out] row-major (live storage).</summary>
    public float[] Weights { get; }

    /// <summary>b, length out (live storage).</summary>
    public float[] Bias { get; }

    /// <inheritdoc />
    public override string Describe() => $"Dense {InputSize}→{OutputSize}";

    internal override LayerBuffers CreateBuffers(int inputWidth, int maxRows, bool training)
        => new(training ? [new float[Weights.Length], new float[Bias.Length]] : []);

    internal override double Forward(ReadOnlySpan<float> x, Span<float> y, int rows, LayerBuffers buffers, in ForwardContext context)
    {
        RowOps.Affine(x, Weights, Bias, y, rows, InputSize);
        return 0;
    }

    internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, LayerBuffers buffers)
    {
        Gemm.MultiplyTransposeA(x, dy, buffers.Gradients[0], InputSize, rows, OutputSize, accumulate: true);
        RowOps.AddRowSums(dy, buffers.Gradients[1], rows);
        if (!dx.IsEmpty) Gemm.MultiplyTransposeB(dy, Weights, dx, rows, OutputSize, InputSize);
    }

    /// <summary>y = x·W + b for a whole matrix (allocates; for notebooks).</summary>
    /// <exception cref="ArgumentException">x.Cols ≠ InputSize.</exception>
    public Matrix Forward(Matrix x) => ForwardMatrix(x, ForwardContext.Mean);
}
