namespace Testbed.Client.Commands;

/// <summary>"scale N": the group has <paramref name="Users"/> users from now on.</summary>
internal sealed record ScaleCommand(int Users) : ClientCommand;
