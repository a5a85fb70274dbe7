using System.Globalization;

namespace Testbed.Workload.Clients;

/// <summary>
/// "place USER SITE NETNS", before start: user <paramref name="User"/> starts at
/// <paramref name="At"/> instead of the group's first site (a mobile group's users start at
/// the sites nearest to where each is).
/// </summary>
public sealed record PlaceCommand(int User, SiteLocation At) : ClientCommand
{
    public override string Line => string.Create(CultureInfo.InvariantCulture, $"place {User} {At.Site} {At.Netns}");
}
