using System.Runtime;
using System.Runtime.CompilerServices;
using Testbed.Lab.Processes;
using Testbed.Lab.Tests.Processes.CompiledAhead;

namespace Testbed.Lab.Tests.Processes;

public sealed class AheadOfTimeJitTests
{
    [Fact]
    public void A_type_compiled_ahead_is_not_compiled_at_its_first_call_and_one_that_was_not_is()
    {
        // The control: without it, a method is compiled at its first call, on the caller's thread.
        var before = JitInfo.GetCompiledMethodCount(currentThread: true);
        NotCompiledAhead.Work(3);
        var after = JitInfo.GetCompiledMethodCount(currentThread: true);
        Assert.True(after > before, "a method called for the first time was not compiled then: the check below would prove nothing");

        // Its one method: a static class has no constructor.
        Assert.Equal(1, AheadOfTimeJit.Compile([typeof(Ahead)]));
        before = JitInfo.GetCompiledMethodCount(currentThread: true);
        Ahead.Work(3);
        after = JitInfo.GetCompiledMethodCount(currentThread: true);
        Assert.Equal(before, after);
    }

    [Fact]
    public void Every_type_of_an_anchors_namespace_is_compiled_nested_ones_included()
    {
        // The anchor declares no method; its nested type one.
        Assert.Equal(1, AheadOfTimeJit.CompileNamespacesOf(typeof(NamespaceAnchor)));

        var before = JitInfo.GetCompiledMethodCount(currentThread: true);
        NamespaceAnchor.Nested.Work(3);
        var after = JitInfo.GetCompiledMethodCount(currentThread: true);
        Assert.Equal(before, after);
    }

    private static class NotCompiledAhead
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static int Work(int x) => (x * 7) + 1;
    }

    private static class Ahead
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static int Work(int x) => (x * 11) + 2;
    }
}
