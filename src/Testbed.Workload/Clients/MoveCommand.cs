using System.Globalization;

namespace Testbed.Workload.Clients;

/// <summary>
/// "move SITE NETNS OVER_MS": the users go to <paramref name="To"/> one by one, spread over
/// <paramref name="Over"/> (zero: all at once).
/// </summary>
public sealed record MoveCommand(SiteLocation To, TimeSpan Over) : ClientCommand
{
    public override string Line => string.Create(CultureInfo.InvariantCulture, $"move {To.Site} {To.Netns} {Over.TotalMilliseconds:R}");
}
