namespace BnnCourse;

/// <summary>The hidden-layer nonlinearity of a network built by <see cref="BnnCourse.Network.BayesianMlp"/> or <see cref="BnnCourse.Network.Mlp"/>.</summary>
public enum Activation
{
    /// <summary>y = max(0, x) (<see cref="BnnCourse.ReLU"/>).</summary>
    ReLU,

    /// <summary>y = tanh(x) (<see cref="BnnCourse.Tanh"/>).</summary>
    Tanh,
}
