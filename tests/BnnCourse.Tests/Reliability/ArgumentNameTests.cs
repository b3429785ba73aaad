using System.Reflection;
using BnnCourse.Data;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Reliability;

/// <summary>
/// Every argument check of the public surface names a parameter of the member that was called (issue 11, item 6:
/// BayesianDense reported initialMuRange as "muRange", GaussianLikelihood.LearnedNoise(initialSigma) as "sigma").
/// Each public constructor and static method whose parameters can all be given a valid value is called with one
/// argument at a time replaced by invalid values (NaN, ∞, negative, zero, huge); whenever that throws an
/// <see cref="ArgumentException"/>, its ParamName must be one of the member's parameter names.
/// </summary>
public class ArgumentNameTests
{
    static readonly Assembly Library = typeof(Network).Assembly;

    // A valid value for each parameter type the surface uses; null when the member is skipped.
    static object? Valid(Type t, string name)
    {
        if (t == typeof(int)) return name.Contains("seed", StringComparison.OrdinalIgnoreCase) ? 1 : 4;
        if (t == typeof(long)) return 4L;
        if (t == typeof(ulong)) return 4UL;
        if (t == typeof(float)) return name.Contains("rho", StringComparison.OrdinalIgnoreCase) ? -3f : 0.5f;
        if (t == typeof(double)) return 0.5;
        if (t == typeof(bool)) return false;
        if (t == typeof(string)) return "x";
        if (t == typeof(Xoshiro256)) return new Xoshiro256(1);
        if (t == typeof(IPrior) || t == typeof(GaussianPrior)) return new GaussianPrior(1f);
        if (t == typeof(float[])) return new float[16];
        if (t == typeof(int[])) return new[] { 4, 4 };
        if (t == typeof(Matrix)) return new Matrix(4, 4);
        if (t == typeof(KlDivergence)) return KlDivergence.ClosedForm;
        if (t.IsEnum) return Enum.GetValues(t).GetValue(0);
        if (Nullable.GetUnderlyingType(t) is { } inner) return Valid(inner, name);
        return null;
    }

    static IEnumerable<object?> Invalid(Type t)
    {
        if (t == typeof(float)) return [float.NaN, float.PositiveInfinity, -1f, 0f, 2f, 1e30f];
        if (t == typeof(double)) return [double.NaN, double.PositiveInfinity, -1.0, 0.0, 2.0];
        if (t == typeof(int)) return [-1, 0, int.MaxValue];
        if (t == typeof(float[])) return [Array.Empty<float>(), new[] { float.NaN }];
        if (t == typeof(int[])) return [Array.Empty<int>(), new[] { -1, 4 }];
        if (!t.IsValueType) return [null];
        return [];
    }

    public static IEnumerable<MethodBase> Members() =>
        Library.GetExportedTypes()
            .Where(t => !t.IsAbstract || t.IsSealed) // classes and static classes
            .SelectMany(t => t.GetConstructors().Cast<MethodBase>()
                .Concat(t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(m => !m.IsSpecialName && !m.ContainsGenericParameters)))
            .Where(m => m.GetParameters().Length > 0 && !m.GetParameters().Any(p => p.ParameterType.IsByRef || p.ParameterType.IsByRefLike || p.ParameterType.IsPointer));

    [Fact]
    public void Every_argument_exception_names_a_parameter_of_the_member_called()
    {
        var wrong = new List<string>();
        int called = 0, checkedNames = 0;
        foreach (var member in Members())
        {
            var ps = member.GetParameters();
            var valid = ps.Select(p => Valid(p.ParameterType, p.Name!)).ToArray();
            if (valid.Any(v => v is null)) continue;
            var names = ps.Select(p => p.Name).ToHashSet();
            for (int i = 0; i < ps.Length; i++)
            {
                foreach (var bad in Invalid(ps[i].ParameterType))
                {
                    var args = ps.Select(p => Valid(p.ParameterType, p.Name!)).ToArray(); // fresh objects per call
                    args[i] = bad;
                    called++;
                    try
                    {
                        if (member is ConstructorInfo c) c.Invoke(args); else member.Invoke(null, args);
                    }
                    catch (TargetInvocationException e) when (e.InnerException is ArgumentException a)
                    {
                        checkedNames++;
                        if (a.ParamName is null || !names.Contains(a.ParamName))
                            wrong.Add($"{member.DeclaringType!.Name}.{(member is ConstructorInfo ? "ctor" : member.Name)}({string.Join(", ", names)}): " +
                                      $"{ps[i].Name} = {bad ?? "null"} reported as '{a.ParamName ?? "(none)"}'");
                    }
                    catch (TargetInvocationException) { } // another failure is not this test's concern
                }
            }
        }
        Assert.True(called > 300, $"only {called} calls were made: the valid-value table no longer fits the surface");
        Assert.True(checkedNames > 100, $"only {checkedNames} argument exceptions were seen");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Distinct()));
    }
}
