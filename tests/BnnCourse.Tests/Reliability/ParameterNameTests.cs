using System.Reflection;
using BnnCourse;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Reliability;

/// <summary>
/// Every public constructor and method of the library, called with each argument made invalid in turn (null, NaN,
/// ∞, negative, zero, empty): any <see cref="ArgumentException"/> it throws must name one of that member's own
/// parameters (the issue found <c>initialMuRange</c> reported as <c>muRange</c>, <c>initialSigma</c> as <c>sigma</c>).
/// Members taking spans cannot be invoked by reflection and are skipped; so are members that write files.
/// </summary>
public class ParameterNameTests
{
    static readonly string Missing = Path.Combine(Path.GetTempPath(), "bnncourse-no-such-folder-" + Guid.NewGuid().ToString("N"), "x");

    /// <summary>A valid-looking value of each parameter type (small shapes); null where none is known.</summary>
    static object? Valid(Type t)
    {
        if (t == typeof(int) || t == typeof(int?)) return 2;
        if (t == typeof(long)) return 2L;
        if (t == typeof(ulong)) return 2UL;
        if (t == typeof(float) || t == typeof(float?)) return 0.5f;
        if (t == typeof(double) || t == typeof(double?)) return 0.5;
        if (t == typeof(bool)) return false;
        if (t == typeof(char)) return ',';
        if (t == typeof(string)) return Missing;
        if (t == typeof(float[])) return new[] { 0.5f, 0.25f, 0.75f, 1f };
        if (t == typeof(double[])) return new[] { 0.5, 0.25, 0.75, 1.0 };
        if (t == typeof(int[]) || t == typeof(IReadOnlyList<int>)) return new[] { 2, 3, 2 };
        if (t == typeof(Xoshiro256)) return new Xoshiro256(1);
        if (t == typeof(Prior)) return Prior.Gaussian(1f);
        if (t == typeof(Matrix)) return new Matrix(2, 2, [0.5f, 0.25f, 0.75f, 1f]);
        if (t == typeof(Network)) return Network.BayesianMlp([2, 3, 2], Prior.Gaussian(1f), new Xoshiro256(1));
        if (t == typeof(Layer) || t == typeof(BayesianDense)) return new BayesianDense(2, 2, Prior.Gaussian(1f), new Xoshiro256(1));
        if (t == typeof(Likelihood) || t == typeof(GaussianLikelihood)) return Likelihood.Gaussian(0.5f);
        if (t == typeof(GaussianPosterior)) return GaussianPosterior.FromMuRho([0.1f, 0.2f], [-3f, -3f]);
        if (t.IsEnum) return Enum.GetValues(t).GetValue(0);
        if (t.IsValueType) return Activator.CreateInstance(t);
        return null;
    }

    /// <summary>Invalid values for a parameter of type <paramref name="t"/>.</summary>
    static IEnumerable<object?> Invalid(Type t)
    {
        if (!t.IsValueType || Nullable.GetUnderlyingType(t) is not null) yield return null;
        if (t == typeof(int)) { yield return 0; yield return -1; }
        if (t == typeof(float)) { yield return float.NaN; yield return -1f; yield return 0f; yield return float.PositiveInfinity; }
        if (t == typeof(double)) { yield return double.NaN; yield return -1.0; yield return 0.0; yield return double.PositiveInfinity; }
        if (t == typeof(float[])) { yield return Array.Empty<float>(); yield return new[] { float.NaN, 1f, 1f, 1f }; }
        if (t == typeof(int[]) || t == typeof(IReadOnlyList<int>)) { yield return Array.Empty<int>(); yield return new[] { 2, -1, 2 }; }
        if (t == typeof(string)) yield return "";
        if (t.IsEnum) yield return Enum.ToObject(t, 12345);
    }

    static bool Invocable(MethodBase m) =>
        !m.IsGenericMethodDefinition && !m.ContainsGenericParameters
        && !(m is MethodInfo mi && (mi.ReturnType.IsByRefLike || mi.ReturnType.IsByRef)) && m.GetParameters().All(p =>
            !p.ParameterType.IsByRef && !p.ParameterType.IsPointer && !p.ParameterType.IsByRefLike && !p.ParameterType.IsGenericParameter)
        && !(m.DeclaringType!.Namespace ?? "").EndsWith("Checkpoints") // writes files
        && m.Name is not ("Save" or "Export");

    static IEnumerable<MethodBase> Members()
    {
        foreach (var type in typeof(Matrix).Assembly.GetExportedTypes())
        {
            if (type.IsGenericTypeDefinition) continue;
            if (!type.IsAbstract)
                foreach (var c in type.GetConstructors()) yield return c;
            foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                if (!m.IsSpecialName) yield return m;
        }
    }

    [Fact]
    public void Every_argument_exception_names_a_parameter_of_the_member_that_threw_it()
    {
        var wrong = new List<string>();
        int calls = 0, argumentExceptions = 0;
        foreach (var member in Members().Where(Invocable))
        {
            var parameters = member.GetParameters();
            var names = parameters.Select(p => p.Name).ToHashSet();
            if (member is MethodInfo { IsStatic: false } && parameters.Length == 0) // the instance is the argument: its properties may be named
                names.UnionWith(member.DeclaringType!.GetProperties().Select(p => p.Name));
            var baseline = parameters.Select(p => p.HasDefaultValue && p.DefaultValue is not null ? p.DefaultValue : Valid(p.ParameterType)).ToArray();
            object? target = null;
            if (member is MethodInfo { IsStatic: false })
            {
                target = Valid(member.DeclaringType!);
                if (target is null) continue;
            }
            for (int i = -1; i < parameters.Length; i++)
            {
                foreach (var bad in i < 0 ? [baseline.Length > 0 ? baseline[0] : null] : Invalid(parameters[i].ParameterType))
                {
                    var args = (object?[])baseline.Clone();
                    if (i >= 0) args[i] = bad;
                    calls++;
                    try
                    {
                        if (member is ConstructorInfo c) c.Invoke(args);
                        else member.Invoke(target, args);
                    }
                    catch (TargetInvocationException e) when (e.InnerException is ArgumentException a)
                    {
                        argumentExceptions++;
                        if (a.ParamName is null || !names.Contains(a.ParamName))
                            wrong.Add($"{member.DeclaringType!.Name}.{member.Name}({string.Join(", ", parameters.Select(p => p.Name))}) with {(i < 0 ? "valid arguments" : $"{parameters[i].Name} = {Show(bad)}")}: ParamName '{a.ParamName}' ({a.Message})");
                    }
                    catch (TargetInvocationException) { }
                    catch (ArgumentException) { } // the reflection call itself (wrong argument type): not the library's check
                }
            }
        }
        Assert.True(calls > 600 && argumentExceptions > 300, $"only {calls} calls and {argumentExceptions} argument exceptions: the sweep reaches too little");
        Assert.True(wrong.Count == 0, $"{wrong.Count} argument checks name the wrong parameter:\n" + string.Join("\n", wrong.Distinct()));
    }

    static string Show(object? v) => v switch
    {
        null => "null",
        Array a => $"{a.GetType().GetElementType()!.Name}[{a.Length}]",
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "?",
    };
}
