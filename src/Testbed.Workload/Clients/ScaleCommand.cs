using System.Globalization;

namespace Testbed.Workload.Clients;

/// <summary>"scale N": the group has <paramref name="Users"/> users from now on.</summary>
public sealed record ScaleCommand(int Users) : ClientCommand
{
    public override string Line => string.Create(CultureInfo.InvariantCulture, $"scale {Users}");
}
