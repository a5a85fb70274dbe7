using System.Net;

namespace Testbed.Client.Tests.Support;

/// <summary>One request a <see cref="LineServer"/> answered: who sent it, its size on the wire (newline included), and when it was answered.</summary>
internal sealed record ServedRequest(IPEndPoint From, int Bytes, DateTimeOffset AnsweredAt);
