using Testbed.Dashboards.Containers;

namespace Testbed.Dashboards.Stack;

/// <summary>
/// What `down` removed. <see cref="Stack"/> is null when Docker is not installed (so there
/// was nothing to take down). <see cref="StoppedEnginePid"/> is set when `down` stopped a
/// dockerd that the testbed had started; <see cref="EngineKeptFor"/> counts the other
/// containers that kept such a dockerd running.
/// </summary>
public sealed record DashboardsDownResult(
    StackDownReport? Stack,
    string? RemovedResultsDatabaseFile,
    string? RemovedPasswordFile,
    int? StoppedEnginePid,
    int EngineKeptFor);
