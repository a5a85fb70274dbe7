namespace Testbed.Dashboards.Stack;

/// <summary>
/// What `dashboards up` asks of the results database once it runs: that <see cref="Reader"/>
/// exist, log in with <see cref="ReaderPassword"/>, and read every table, now and later,
/// and nothing more. The owner's password opens the database, on 127.0.0.1:<see cref="DatabasePort"/>.
/// </summary>
public sealed record ReadOnlyRoleGrant(int DatabasePort, string OwnerPassword, string Reader, string ReaderPassword)
{
    /// <summary>Passwords stay out of logs and exception messages that print records.</summary>
    public override string ToString() => $"ReadOnlyRoleGrant {{ DatabasePort = {DatabasePort}, Reader = {Reader}, (passwords hidden) }}";
}
