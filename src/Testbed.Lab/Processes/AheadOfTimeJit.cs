using System.Reflection;
using System.Runtime.CompilerServices;

namespace Testbed.Lab.Processes;

/// <summary>
/// Compiles methods now, before a run's clock starts, instead of the first time they run.
/// Tiered compilation is off (Directory.Build.props), so each method is compiled once,
/// optimised, at its first call; a client's or the controller's per-record paths would
/// otherwise be compiled in the run's first second, on the cores the guests need (about
/// 90 ms of a client's CPU there). Methods that need a type argument, and the framework's
/// generic code instantiated over ours, are left to their first call: they cannot be named
/// without running the code that instantiates them.
/// </summary>
public static class AheadOfTimeJit
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>Compiles every method with a body in every type of <paramref name="assemblies"/>, nested ones (lambdas, async state machines) included; returns how many.</summary>
    public static int Compile(params IEnumerable<Assembly> assemblies) => Compile(assemblies.SelectMany(LoadableTypes));

    /// <summary>Compiles every method with a body in every type of the namespace of each of <paramref name="anchors"/> (in the anchor's assembly); returns how many.</summary>
    public static int CompileNamespacesOf(params IEnumerable<Type> anchors) =>
        Compile(anchors.Distinct().SelectMany(anchor => LoadableTypes(anchor.Assembly).Where(t => t.Namespace == anchor.Namespace)).Distinct());

    /// <summary>Compiles every method with a body that <paramref name="types"/> declare; returns how many.</summary>
    public static int Compile(IEnumerable<Type> types)
    {
        var compiled = 0;
        foreach (var type in types.Where(t => !t.ContainsGenericParameters))
        {
            IEnumerable<MethodBase> methods = [.. type.GetMethods(Declared), .. type.GetConstructors(Declared)];
            foreach (var method in methods.Where(HasBody))
            {
                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    compiled++;
                }
                catch (Exception e) when (e is ArgumentException or TypeLoadException or FileNotFoundException or BadImageFormatException or InvalidProgramException)
                {
                    // A method the runtime will not compile ahead (one whose signature names
                    // an assembly that is not here, say) is compiled at its first call, as
                    // it would be without this.
                }
            }
        }

        return compiled;
    }

    private static bool HasBody(MethodBase method) =>
        !method.IsAbstract
        && !method.ContainsGenericParameters
        && (method.MethodImplementationFlags & (MethodImplAttributes.InternalCall | MethodImplAttributes.Runtime)) == 0
        && (method.Attributes & MethodAttributes.PinvokeImpl) == 0;

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
