using System.Diagnostics;

namespace Testbed.Guest.Services;

/// <summary>
/// Writes to one byte of each 4 KiB page of a buffer at the configured rate, so that
/// pre-copy migration has pages to send again: the dirty rate decides whether and how
/// fast a migration converges. The rate is read on every tick, so it changes at runtime;
/// at zero the thread blocks until it changes, rather than waking the vCPU 100 times a second.
/// </summary>
internal sealed class MemoryDirtier(GuestState state, int mebibytes)
{
    private const int PageSize = 4096;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    public void Run(CancellationToken cancellationToken)
    {
        var buffer = new byte[mebibytes * 1024L * 1024L];
        var pages = buffer.Length / PageSize;
        var page = 0L;
        var owedPages = 0.0;
        var clock = Stopwatch.StartNew();
        var last = clock.Elapsed;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (state.DirtyMegabytesPerSecond <= 0)
            {
                state.WaitUntilDirtying();
                last = clock.Elapsed;
                owedPages = 0;
            }

            Thread.Sleep(Tick);
            var now = clock.Elapsed;
            owedPages += state.DirtyMegabytesPerSecond * 1_000_000 / PageSize * (now - last).TotalSeconds;
            last = now;
            for (; owedPages >= 1; owedPages--)
            {
                buffer[page * PageSize]++;
                page = (page + 1) % pages;
            }
        }
    }
}
