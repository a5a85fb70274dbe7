using Testbed.Client.Sites;

namespace Testbed.Client.Commands;

/// <summary>
/// "move SITE NETNS OVER_MS": the users go to <paramref name="To"/> one by one, spread over
/// <paramref name="Over"/> (zero: all at once).
/// </summary>
internal sealed record MoveCommand(SiteLocation To, TimeSpan Over) : ClientCommand;
