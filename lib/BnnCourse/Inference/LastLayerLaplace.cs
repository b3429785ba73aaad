using BnnCourse.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace BnnCourse;

/// <summary>
/// The last-layer Laplace approximation (MacKay 1992; Daxberger et al. 2021, "Laplace Redux"): a trained plain network
/// keeps its feature layers fixed, and its last <see cref="Dense"/> layer Θ (H + 1 inputs with the bias, K outputs)
/// gets the Gaussian posterior N(Θ*, (A ⊗ G + τI)⁻¹) around its trained value Θ*, with the generalised Gauss–Newton
/// Hessian Σₙ φ̃ₙφ̃ₙᵀ ⊗ Bₙ in Kronecker-factored form: A = Σₙ φ̃ₙφ̃ₙᵀ over the features φ̃ = (φ(x), 1) and
/// G = (1/N) Σₙ Bₙ over the output Hessians (Ritter et al. 2018).
/// </summary>
/// <remarks>
/// For a Gaussian likelihood Bₙ = I/σ² for every n, so the factorisation is exact: the posterior is Bayesian linear regression
/// on the features. For the categorical likelihood Bₙ = diag(pₙ) − pₙpₙᵀ, and the Kronecker form is an approximation. The
/// prior precision τ is chosen, when not given, by maximising the Laplace marginal likelihood over a log grid
/// (<see cref="LogMarginalLikelihood"/>). Predictions sample Θ from the posterior (one Θ per sample, shared by every row:
/// one coherent function), through <see cref="Predictive"/>. The network's training is not changed: Θ* is the trained value,
/// a MAP estimate only if the network was trained with a prior (weight decay); the Laplace prior enters through τ.
/// Thread safety: immutable after <c>Fit</c>.
/// </remarks>
public sealed class LastLayerLaplace
{
    readonly Matrix<double> _ua, _ug, _theta;
    readonly double[] _la, _lg;

    LastLayerLaplace(Network network, Likelihood likelihood, Matrix<double> a, Matrix<double> g, Matrix<double> theta, double? priorPrecision)
    {
        Network = network;
        Likelihood = likelihood;
        _theta = theta;
        (_ua, _la) = Eigen(a);
        (_ug, _lg) = Eigen(g);
        // With no τ given, log10 τ from −4 to 4 in steps of 0.05: the maximiser of the marginal likelihood, to a factor 10^0.025.
        PriorPrecision = priorPrecision is { } tau ? CheckPriorPrecision(tau)
            : Enumerable.Range(0, 161).Select(k => Math.Pow(10, -4 + 0.05 * k)).MaxBy(LogMarginalLikelihood);
    }

    /// <summary>U and λ of a symmetric factor (A or G); λ is clipped at 0, where rounding can leave it slightly negative.</summary>
    static (Matrix<double> Vectors, double[] Values) Eigen(Matrix<double> m)
    {
        var e = m.Evd(Symmetricity.Symmetric);
        return (e.EigenVectors, [.. e.EigenValues.Select(v => Math.Max(v.Real, 0))]);
    }

    static double CheckPriorPrecision(double priorPrecision) => priorPrecision > 0 && double.IsFinite(priorPrecision) ? priorPrecision
        : throw new ArgumentOutOfRangeException(nameof(priorPrecision), priorPrecision, $"The prior precision must be positive and finite, got priorPrecision = {priorPrecision}.");

    /// <summary>The network whose last layer the approximation covers (its weights are not changed).</summary>
    public Network Network { get; }

    /// <summary>The likelihood it was fitted with (Gaussian: regression; categorical: classification).</summary>
    public Likelihood Likelihood { get; }

    /// <summary>τ, the precision of the isotropic Gaussian prior on the last layer's weights and bias.</summary>
    public double PriorPrecision { get; }

    /// <summary>The number of last-layer parameters, (H + 1)·K.</summary>
    public int ParameterCount => _theta.RowCount * _theta.ColumnCount;

    /// <summary>
    /// The Laplace log marginal likelihood as a function of τ, up to terms that do not depend on τ:
    /// (P/2) log τ − (τ/2)‖Θ*‖² − ½ Σ_{a,g} log(λ_a λ_g + τ), with λ the eigenvalues of A and G.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">priorPrecision ≤ 0 or not finite.</exception>
    public double LogMarginalLikelihood(double priorPrecision)
    {
        CheckPriorPrecision(priorPrecision);
        double logDet = 0;
        foreach (double a in _la)
            foreach (double g in _lg) logDet += Math.Log(a * g + priorPrecision);
        double norm = _theta.Enumerate().Sum(v => v * v);
        return 0.5 * ParameterCount * Math.Log(priorPrecision) - 0.5 * priorPrecision * norm - 0.5 * logDet;
    }

    /// <summary>The posterior variance of last-layer parameter (h, k) (h = H for the bias): the diagonal of (A ⊗ G + τI)⁻¹.</summary>
    public double PosteriorVariance(int h, int k)
    {
        Require.InRange(h, 0, _theta.RowCount - 1, nameof(h));
        Require.InRange(k, 0, _theta.ColumnCount - 1, nameof(k));
        double v = 0;
        for (int a = 0; a < _la.Length; a++)
            for (int g = 0; g < _lg.Length; g++)
                v += _ua[h, a] * _ua[h, a] * _ug[k, g] * _ug[k, g] / (_la[a] * _lg[g] + PriorPrecision);
        return v;
    }

    /// <summary>
    /// Fits the approximation on the training inputs: for regression with a Gaussian likelihood (one noise σ, as trained;
    /// exact), for classification with the categorical one (the generalised Gauss-Newton Hessian).
    /// </summary>
    /// <exception cref="ArgumentException">The last layer is not Dense, another likelihood, classes that do not match the outputs, shapes that do not match, or an invalid τ.</exception>
    public static LastLayerLaplace Fit(Network network, Likelihood likelihood, Matrix inputs, double? priorPrecision = null)
    {
        ArgumentNullException.ThrowIfNull(likelihood);
        if (likelihood is not (GaussianLikelihood or CategoricalLikelihood))
            throw new ArgumentException($"The last-layer Laplace needs a Gaussian or categorical likelihood, got {likelihood.GetType().Name}.", nameof(likelihood));
        var (features, last) = Features(network, inputs);
        var theta = Theta(last);
        int k = last.OutputSize;
        Matrix<double> g;
        if (likelihood is GaussianLikelihood gaussian)
            g = Matrix<double>.Build.DenseIdentity(k) * (1.0 / ((double)gaussian.NoiseSigma * gaussian.NoiseSigma)); // Bₙ = I/σ²
        else
        {
            var categorical = (CategoricalLikelihood)likelihood;
            if (categorical.Classes != k)
                throw new ArgumentException($"The likelihood has {categorical.Classes} classes but the network has {k} outputs.", nameof(likelihood));
            var logits = (features * theta).ToRowArrays().SelectMany(r => r.Select(v => (float)v)).ToArray();
            var p = new float[logits.Length];
            categorical.Softmax(logits, inputs.Rows, p);
            g = Matrix<double>.Build.Dense(k, k); // (1/N) Σₙ diag(pₙ) − pₙpₙᵀ
            for (int n = 0; n < inputs.Rows; n++)
                for (int i = 0; i < k; i++)
                {
                    double pi = p[n * k + i];
                    g[i, i] += pi;
                    for (int j = 0; j < k; j++) g[i, j] -= pi * p[n * k + j];
                }
            g /= inputs.Rows;
        }
        return new LastLayerLaplace(network, likelihood, features.TransposeThisAndMultiply(features), g, theta, priorPrecision);
    }

    /// <summary>
    /// S × N × K outputs (element (s, i, k) at (s·N + i)·K + k): the features of <paramref name="inputs"/> times S draws
    /// Θ = Θ* + U_A (Z ⊙ D) U_Gᵀ, Z standard normal, D_ag = (λ_a λ_g + τ)^(−½). Same generator state, same outputs.
    /// </summary>
    internal float[] SampleOutputs(Matrix inputs, int samples, Xoshiro256 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var (features, _) = Features(Network, inputs);
        int n = inputs.Rows, h = _theta.RowCount, k = _theta.ColumnCount;
        var result = new float[Require.ArrayLength((long)n * k, samples, "rows × outputs", nameof(samples))];
        var z = new float[h * k];
        var ugT = _ug.Transpose();
        for (int s = 0; s < samples; s++)
        {
            random.FillStandardNormal(z);
            var scaled = Matrix<double>.Build.Dense(h, k, (a, g) => z[a * k + g] / Math.Sqrt(_la[a] * _lg[g] + PriorPrecision));
            var theta = _theta + _ua * scaled * ugT;
            var outputs = features * theta;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < k; j++) result[(s * n + i) * k + j] = (float)outputs[i, j];
        }
        return result;
    }

    /// <summary>Θ*, (H + 1) × K: the last layer's weights, then its bias as row H.</summary>
    static Matrix<double> Theta(Dense last)
    {
        int h = last.InputSize, k = last.OutputSize;
        return Matrix<double>.Build.Dense(h + 1, k, (i, j) => i < h ? last.Weights[i * k + j] : last.Bias[j]);
    }

    /// <summary>φ̃(x) = (φ(x), 1), N × (H + 1): the input of the last layer at the network's own weights (dropout off), and the last layer.</summary>
    static (Matrix<double> Features, Dense Last) Features(Network network, Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        if (network.Layers[^1] is not Dense last)
            throw new ArgumentException($"The last layer must be Dense for a last-layer Laplace approximation, got {network.Layers[^1].Describe()}.", nameof(network));
        if (network.Layers.Count < 2)
            throw new ArgumentException("The network has only its last layer: there are no features to keep fixed.", nameof(network));
        network.CheckInputs(inputs);
        if (inputs.Rows == 0) throw new ArgumentException("inputs has no rows.", nameof(inputs));
        int n = inputs.Rows, h = last.InputSize, batch = Math.Min(n, 512);
        var features = Matrix<double>.Build.Dense(n, h + 1);
        var workspace = network.CreatePredictionWorkspace(batch);
        var output = new float[batch * network.OutputSize];
        for (int start = 0; start < n; start += batch)
        {
            int rows = Math.Min(batch, n - start);
            network.Predict(workspace, inputs.Data.AsSpan(start * network.InputSize, rows * network.InputSize), rows, output.AsSpan(0, rows * network.OutputSize));
            var phi = workspace.LayerOutput(network.Layers.Count - 2);
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < h; j++) features[start + r, j] = phi[r * h + j];
        }
        features.SetColumn(h, Vector<double>.Build.Dense(n, 1.0));
        return (features, last);
    }
}
