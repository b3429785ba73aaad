using BnnCourse.Numerics;

namespace BnnCourse.Tests.Layers;

/// <summary>
/// Issue 10, item 3: a new layer type needs no edit of <see cref="Network"/>. The layer below lives in the test project
/// only; a network takes its input width from it (<c>FixedInputWidth</c>) and the trainer trains its parameter.
/// </summary>
public class NewLayerTypeTests
{
    /// <summary>y = x ⊙ s with one learned scale per unit: ∂L/∂s = Σ_rows x ⊙ dy, dx = dy ⊙ s.</summary>
    sealed class Scale : Layer
    {
        readonly Parameter[] _parameters;

        public Scale(int width)
        {
            Width = width;
            S = new float[width];
            S.AsSpan().Fill(1f);
            _parameters = [new Parameter("s", S)];
        }

        public int Width { get; }
        public float[] S { get; }
        public override IReadOnlyList<Parameter> Parameters => _parameters;
        public override string Describe() => $"Scale {Width}";
        public override int OutputWidth(int inputWidth) => inputWidth == Width ? Width : throw new ArgumentException($"width {inputWidth}", nameof(inputWidth));
        internal override int? FixedInputWidth => Width;
        internal override LayerBuffers CreateBuffers(int inputWidth, int maxRows, bool training) => new(training ? [new float[Width]] : []);

        internal override double Forward(ReadOnlySpan<float> x, Span<float> y, int rows, LayerBuffers buffers, in ForwardContext context)
        {
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < Width; j++) y[r * Width + j] = x[r * Width + j] * S[j];
            return 0;
        }

        internal override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rows, LayerBuffers buffers)
        {
            var g = buffers.Gradients[0];
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < Width; j++)
                {
                    g[j] += x[r * Width + j] * dy[r * Width + j];
                    if (!dx.IsEmpty) dx[r * Width + j] = dy[r * Width + j] * S[j];
                }
        }
    }

    [Fact]
    public void A_layer_defined_outside_the_library_sets_the_input_width_and_trains()
    {
        var rng = new Xoshiro256(5);
        var scale = new Scale(2);
        var net = new Network(scale, Activation.ReLU, new Dense(2, 1, rng));
        Assert.Equal(2, net.InputSize);
        Assert.Equal(1, net.OutputSize);
        Assert.Equal("layer 1 (Scale 2)", scale.Name);

        var x = new Matrix(64, 2);
        var y = new Matrix(64, 1);
        rng.FillUniform(x.Data);
        for (int i = 0; i < 64; i++) y.Data[i] = 3f * x[i, 0] - x[i, 1];
        var objective = new FreeEnergy(net, Likelihood.Gaussian(0.1f));
        var trainer = new Trainer(objective, new Adam(objective.Parameters, 2e-2f), 16);
        var reports = trainer.Fit(x, y, 200, rng);
        Assert.True(reports[^1].Parts.NegativeLogLikelihood < 0.05 * reports[0].Parts.NegativeLogLikelihood,
            $"NLL {reports[0].Parts.NegativeLogLikelihood} → {reports[^1].Parts.NegativeLogLikelihood}");
        Assert.NotEqual([1f, 1f], scale.S); // the new layer's own parameter was trained

        // its gradient, read through FreeEnergy, against central differences of the objective (deterministic: no Bayesian layer)
        var ws = objective.CreateWorkspace(64);
        var batch = new Minibatch(1, 1, 64);
        objective.EvaluateMean(ws, x.Data, y.Data, 64, batch);
        float analytic = ws.Gradients[0][0];
        float s0 = scale.S[0], h = 1e-2f;
        scale.S[0] = s0 + h; double up = objective.EvaluateMean(ws, x.Data, y.Data, 64, batch).Total;
        scale.S[0] = s0 - h; double down = objective.EvaluateMean(ws, x.Data, y.Data, 64, batch).Total;
        scale.S[0] = s0;
        double numeric = (up - down) / (2 * h);
        Assert.True(Math.Abs(numeric - analytic) <= 1e-2 * (1 + Math.Abs(numeric)), $"analytic {analytic} vs numeric {numeric}");
    }
}
