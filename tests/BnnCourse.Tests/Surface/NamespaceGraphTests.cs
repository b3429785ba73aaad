using System.Reflection;
using System.Reflection.Emit;
using BnnCourse.Numerics;

namespace BnnCourse.Tests.Surface;

/// <summary>
/// The library's namespaces form a layering with no cycle: BnnCourse.Numerics (Matrix, the generator and the
/// internal kernels) ← BnnCourse.Data (datasets, readers, metrics) ← BnnCourse (model, training, inference).
/// The graph is read from the compiled library: every type's base type, interfaces, fields, signatures, attributes
/// and every type, method and field its method bodies name (IL tokens), internal and compiler-generated types included.
/// </summary>
public class NamespaceGraphTests
{
    static readonly Assembly Library = typeof(Network).Assembly;

    [Fact]
    public void The_library_namespace_graph_has_no_cycle()
    {
        var graph = NamespaceGraph(Library, out var witnesses);
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, $"namespace cycle: {string.Join(" → ", cycle ?? [])}\n{Describe(graph, witnesses)}");
    }

    [Fact]
    public void The_library_namespaces_are_the_three_layers_and_depend_only_downwards()
    {
        var graph = NamespaceGraph(Library, out var witnesses);
        string why = Describe(graph, witnesses);
        Assert.True(graph.Keys.Order().SequenceEqual(["BnnCourse", "BnnCourse.Data", "BnnCourse.Numerics"]), why);
        Assert.True(graph["BnnCourse.Numerics"].Count == 0, why);
        Assert.True(graph["BnnCourse.Data"].SetEquals(["BnnCourse.Numerics"]), why);
        Assert.True(graph["BnnCourse"].SetEquals(["BnnCourse.Data", "BnnCourse.Numerics"]), why);
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle_and_accepts_a_layering()
    {
        var layered = new Dictionary<string, HashSet<string>> { ["A"] = ["B", "C"], ["B"] = ["C"], ["C"] = [] };
        Assert.Null(FindCycle(layered));
        var cyclic = new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };
        var cycle = FindCycle(cyclic);
        Assert.NotNull(cycle);
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Equal(["A", "B", "C"], cycle.Skip(1).Order());
    }

    [Fact]
    public void The_graph_reader_sees_references_made_only_inside_method_bodies()
    {
        // This test class names Matrix only in a method body (below) and in its using: the IL scan must see it.
        var graph = NamespaceGraph(typeof(NamespaceGraphTests).Assembly, out _);
        Assert.Contains("BnnCourse.Numerics", graph["BnnCourse.Tests.Surface"]);
    }

    static int BodyOnlyReference() => new Matrix(1, 1).Rows;

    /// <summary>
    /// Namespace of <paramref name="assembly"/> → the other BnnCourse namespaces its types use, with one
    /// "type → used type" witness per edge for the failure messages.
    /// </summary>
    static Dictionary<string, HashSet<string>> NamespaceGraph(Assembly assembly, out Dictionary<(string, string), string> witnesses)
    {
        var types = assembly.GetTypes();
        var graph = types.Select(t => t.Namespace).OfType<string>().Distinct().ToDictionary(n => n, _ => new HashSet<string>());
        witnesses = [];
        foreach (var type in types)
        {
            if (type.Namespace is not { } from) continue;
            foreach (var used in ReferencedTypes(type))
                foreach (var t in Expand(used))
                    if (t.Namespace is { } to && to != from && (to == "BnnCourse" || to.StartsWith("BnnCourse.", StringComparison.Ordinal))
                        && graph[from].Add(to))
                        witnesses[(from, to)] = $"{type.FullName} uses {t.FullName}";
        }
        return graph;
    }

    static IEnumerable<Type> Expand(Type t)
    {
        if (t.HasElementType) { foreach (var e in Expand(t.GetElementType()!)) yield return e; yield break; }
        if (t.IsGenericParameter) yield break;
        yield return t.IsGenericType ? t.GetGenericTypeDefinition() : t;
        if (t.IsGenericType)
            foreach (var a in t.GetGenericArguments())
                foreach (var e in Expand(a)) yield return e;
    }

    const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    static IEnumerable<Type> ReferencedTypes(Type type)
    {
        if (type.BaseType is { } b) yield return b;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var a in type.GetCustomAttributesData()) yield return a.AttributeType;
        foreach (var f in type.GetFields(Declared)) yield return f.FieldType;
        foreach (var p in type.GetProperties(Declared)) yield return p.PropertyType;
        foreach (var e in type.GetEvents(Declared)) if (e.EventHandlerType is { } h) yield return h;
        var methods = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared));
        foreach (var m in methods)
        {
            if (m is MethodInfo mi) yield return mi.ReturnType;
            foreach (var p in m.GetParameters()) yield return p.ParameterType;
            foreach (var t in BodyReferences(m)) yield return t;
        }
    }

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Every type, and the declaring type of every method and field, that a method body's IL names.</summary>
    static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        MethodBody? body;
        try { body = method.GetMethodBody(); } catch (InvalidOperationException) { yield break; }
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        var il = body.GetILAsByteArray() ?? [];
        var module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                {
                    int token = BitConverter.ToInt32(il, i);
                    i += 4;
                    MemberInfo? member = null;
                    try { member = module.ResolveMember(token, typeArgs, methodArgs); } catch (ArgumentException) { }
                    switch (member)
                    {
                        case Type t: yield return t; break;
                        case MethodBase mb:
                            if (mb.DeclaringType is { } mt) yield return mt;
                            if (mb.IsGenericMethod) foreach (var a in mb.GetGenericArguments()) yield return a;
                            break;
                        case FieldInfo f:
                            if (f.DeclaringType is { } ft) yield return ft;
                            break;
                    }
                    break;
                }
                default: i += 4; break; // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
            }
        }
    }

    /// <summary>A cycle as a closed path (first = last), or null when the graph is acyclic.</summary>
    static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(); // 1 on the path, 2 done
        var path = new List<string>();
        List<string>? Visit(string n)
        {
            state[n] = 1;
            path.Add(n);
            foreach (var m in graph.GetValueOrDefault(n) ?? [])
            {
                if (state.GetValueOrDefault(m) == 1) return [.. path.Skip(path.IndexOf(m)), m];
                if (state.GetValueOrDefault(m) == 0 && Visit(m) is { } c) return c;
            }
            path.RemoveAt(path.Count - 1);
            state[n] = 2;
            return null;
        }
        foreach (var n in graph.Keys.Order())
            if (state.GetValueOrDefault(n) == 0 && Visit(n) is { } c) return c;
        return null;
    }

    static string Describe(Dictionary<string, HashSet<string>> graph, Dictionary<(string, string), string> witnesses) =>
        string.Join("\n", graph.OrderBy(kv => kv.Key).SelectMany(kv => kv.Value.Order().Select(to => $"{kv.Key} → {to} ({witnesses[(kv.Key, to)]})")));
}
