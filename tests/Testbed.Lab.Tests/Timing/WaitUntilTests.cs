using Microsoft.Extensions.Time.Testing;
using Testbed.Lab.Timing;

namespace Testbed.Lab.Tests.Timing;

/// <summary>The one polling wait, on a clock the test moves: no test here waits for real time to pass.</summary>
public sealed class WaitUntilTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task What_appears_on_a_later_look_is_returned_once_that_much_time_has_passed()
    {
        var time = new FakeTimeProvider();
        var looks = 0;
        var waiting = WaitUntil.FoundAsync(_ => Task.FromResult(++looks == 3 ? "there" : null), Timeout, Interval, () => new TimeoutException(), time);

        var found = await await Drive(waiting, time);

        Assert.Equal("there", found);
        Assert.Equal(3, looks);
        Assert.True(time.GetUtcNow() - time.Start >= 2 * Interval, "it returned before its second interval had passed");
    }

    [Fact]
    public async Task Nothing_found_within_the_timeout_throws_what_the_caller_said_and_not_sooner()
    {
        var time = new FakeTimeProvider();
        var waiting = WaitUntil.TrueAsync(_ => Task.FromResult(false), Timeout, Interval, () => new TimeoutException("not there"), time);

        var error = await Assert.ThrowsAsync<TimeoutException>(async () => await await Drive(waiting, time));

        Assert.Equal("not there", error.Message);
        Assert.True(time.GetUtcNow() - time.Start >= Timeout, $"it gave up after {time.GetUtcNow() - time.Start}, inside its {Timeout}");
    }

    [Fact]
    public async Task A_look_that_fails_ends_the_wait_at_once_with_its_own_error()
    {
        var time = new FakeTimeProvider();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            WaitUntil.TrueAsync(_ => throw new InvalidOperationException("it died"), Timeout, Interval, () => new TimeoutException(), time));

        Assert.Equal("it died", error.Message);
        Assert.Equal(time.Start, time.GetUtcNow());
    }

    /// <summary>Moves the fake clock an interval at a time until the wait ends; bounded, so a wait that never ends fails the test instead of hanging it.</summary>
    private static async Task<TWait> Drive<TWait>(TWait waiting, FakeTimeProvider time)
        where TWait : Task
    {
        for (var step = 0; step < 10_000 && !waiting.IsCompleted; step++)
        {
            time.Advance(Interval);
            await Task.Yield();
        }

        Assert.True(waiting.IsCompleted, "the wait did not end after 10,000 intervals");
        return waiting;
    }
}
