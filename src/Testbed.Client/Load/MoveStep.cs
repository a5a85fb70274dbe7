using Testbed.Client.Sites;
using Testbed.Workload.Clients;

namespace Testbed.Client.Load;

/// <summary>The user has moved to <paramref name="To"/>: the connection from anywhere else is done once its answers are in.</summary>
internal sealed record MoveStep(SiteLocation To) : UserStep;
