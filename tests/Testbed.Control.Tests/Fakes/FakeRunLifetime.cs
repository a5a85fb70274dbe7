using Testbed.Control.Hosts;

namespace Testbed.Control.Tests.Fakes;

/// <summary>A run that stops when the test's cluster goes.</summary>
internal sealed record FakeRunLifetime(CancellationToken Stopping) : IRunLifetime;
