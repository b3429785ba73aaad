
namespace BnnCourse;

/// <summary>A first-order optimizer over a fixed list of parameters: each <see cref="Step"/> applies one update from their gradients.</summary>
public interface IOptimizer
{
    /// <summary>The parameters updated in place, in the order the gradients are given.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Number of updates applied so far (t).</summary>
    int StepCount { get; }

    /// <summary>The learning rate (step size), &gt; 0.</summary>
    float LearningRate { get; set; }

    /// <summary>One update θ ← θ − (step from the gradient), gradients aligned with <see cref="Parameters"/>.</summary>
    /// <exception cref="ArgumentException">The gradient list does not match the parameters.</exception>
    void Step(IReadOnlyList<float[]> gradients);
}
