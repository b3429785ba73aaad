namespace BnnCourse.Layers;

/// <summary>The hidden-layer nonlinearity of a network built by <see cref="Models.Network.BayesianMlp"/> or <see cref="Models.Network.Mlp"/>.</summary>
public enum Activation
{
    /// <summary>y = max(0, x) (<see cref="Layers.ReLU"/>).</summary>
    ReLU,

    /// <summary>y = tanh(x) (<see cref="Layers.Tanh"/>).</summary>
    Tanh,
}
