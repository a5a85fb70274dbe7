using System.Runtime.CompilerServices;

namespace Testbed.Lab.Tests.Processes.CompiledAhead;

/// <summary>The only type of its namespace, with a nested one: what AheadOfTimeJit.CompileNamespacesOf compiles when anchored here.</summary>
internal static class NamespaceAnchor
{
    public static class Nested
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static int Work(int x) => (x * 13) + 3;
    }
}
