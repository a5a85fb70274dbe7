namespace Testbed.Results.Records;

/// <summary>A user's persistent connection that failed after it had been established.</summary>
public sealed record BrokenConnectionRow(double TimeS, string Group, int User, string Site, string Reason);
