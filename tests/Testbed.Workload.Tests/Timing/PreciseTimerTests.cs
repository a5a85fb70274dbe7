using System.Diagnostics;
using System.IO.Pipes;
using Testbed.Workload.Timing;

namespace Testbed.Workload.Tests.Timing;

public sealed class PreciseTimerTests
{
    [Fact]
    public void A_wait_never_ends_before_its_instant_less_the_stated_allowance()
    {
        using var timer = new PreciseTimer();
        var start = Stopwatch.GetTimestamp();
        for (var i = 1; i <= 50; i++)
        {
            var due = PreciseTimer.After(start, TimeSpan.FromMilliseconds(i * 2));

            Assert.True(timer.WaitUntil(due));

            var early = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            Assert.True(early <= PreciseTimer.EarlyAllowance, $"wait {i} ended {early.TotalMicroseconds:0} µs before its instant");
        }
    }

    [Fact]
    public async Task An_interrupt_ends_the_wait_under_way_with_false()
    {
        using var timer = new PreciseTimer();
        var waiting = Task.Run(() => timer.WaitUntil(long.MaxValue));
        timer.Interrupt();

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void An_interrupt_before_a_wait_ends_the_next_one_and_only_that()
    {
        using var timer = new PreciseTimer();
        timer.Interrupt();

        Assert.False(timer.WaitUntil(PreciseTimer.After(Stopwatch.GetTimestamp(), TimeSpan.FromHours(1))));
        Assert.True(timer.WaitUntil(PreciseTimer.After(Stopwatch.GetTimestamp(), TimeSpan.FromMilliseconds(5))));
    }

    [Fact]
    public void A_wait_on_a_watched_descriptor_ends_when_it_is_readable_names_it_and_reports_the_instant_otherwise()
    {
        using var timer = new PreciseTimer();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        var fd = (int)reader.SafePipeHandle.DangerousGetHandle();
        const ulong token = 42;
        timer.Watch(fd, token);
        Span<ulong> ready = stackalloc ulong[4];

        Assert.Equal(PreciseWake.Due, timer.Wait(PreciseTimer.After(Stopwatch.GetTimestamp(), TimeSpan.FromMilliseconds(5)), ready, out var none));
        Assert.Equal(0, none);

        pipe.WriteByte(1);
        pipe.Flush();
        Assert.Equal(PreciseWake.Readable, timer.Wait(PreciseTimer.After(Stopwatch.GetTimestamp(), TimeSpan.FromHours(1)), ready, out var count));
        Assert.Equal([token], ready[..count].ToArray());

        // An interrupt wins, and names nothing: the descriptor is still ready at the next wait.
        timer.Interrupt();
        Assert.Equal(PreciseWake.Interrupted, timer.Wait(long.MaxValue, ready, out var afterInterrupt));
        Assert.Equal(0, afterInterrupt);
        Assert.Equal(PreciseWake.Readable, timer.Wait(long.MaxValue, ready, out _));

        timer.Unwatch(fd);
        Assert.Equal(PreciseWake.Due, timer.Wait(PreciseTimer.After(Stopwatch.GetTimestamp(), TimeSpan.FromMilliseconds(1)), ready, out _));
    }
}
