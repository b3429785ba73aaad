
namespace BnnCourse;

/// <summary>
/// A copy of parameter values that can be written back: try a pruning fraction (or any experiment), then
/// <see cref="Restore"/> the trained values exactly.
/// </summary>
public sealed class ParameterSnapshot
{
    readonly Parameter[] _parameters;
    readonly float[][] _values;

    ParameterSnapshot(Parameter[] parameters)
    {
        _parameters = parameters;
        _values = parameters.Select(p => (float[])p.Value.Clone()).ToArray();
    }

    /// <summary>Copies the current values of <paramref name="parameters"/> (e.g. <c>network.Parameters</c>).</summary>
    public static ParameterSnapshot Capture(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new ParameterSnapshot(parameters.ToArray());
    }

    /// <summary>Writes the captured values back into the same parameters (bit for bit).</summary>
    public void Restore()
    {
        for (int i = 0; i < _parameters.Length; i++) _values[i].CopyTo(_parameters[i].Value, 0);
    }
}
