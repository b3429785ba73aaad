namespace BnnCourse.Plotting;

/// <summary>The variational posterior of one layer's weights as plain arrays: μ and σ = softplus(ρ), σ &gt; 0.</summary>
public sealed class LayerPosterior
{
    /// <summary>Name shown on the chart's row ("layer 1 (784×400)").</summary>
    public string Name { get; }

    /// <summary>Posterior means μ.</summary>
    public double[] Mu { get; }

    /// <summary>Posterior standard deviations σ, same length as μ.</summary>
    public double[] Sigma { get; }

    /// <summary>A layer's posterior from its μ and σ (not ρ: pass σ = softplus(ρ)).</summary>
    /// <exception cref="ArgumentException">Lengths differ, a σ is not &gt; 0, or the name is empty.</exception>
    public LayerPosterior(string name, Series mu, Series sigma)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A layer needs a name.", nameof(name));
        Name = name;
        Mu = mu.Require(nameof(mu));
        Sigma = sigma.Require(nameof(sigma), Mu.Length);
        for (int i = 0; i < Sigma.Length; i++)
            if (!(Sigma[i] > 0))
                throw new ArgumentException($"sigma[{i}] = {Sigma[i]} is not > 0.", nameof(sigma));
    }

    /// <summary>Signal-to-noise ratio per weight in decibels, 10·log₁₀(|μ|/σ) (Blundell et al. 2015, §5.1).</summary>
    public double[] SignalToNoiseDecibels()
    {
        var snr = new double[Mu.Length];
        for (int i = 0; i < snr.Length; i++)
            snr[i] = 10.0 * Math.Log10(Math.Abs(Mu[i]) / Sigma[i]);
        return snr;
    }
}
