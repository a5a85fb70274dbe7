namespace Testbed.Mobility.Attachment;

/// <summary>At <see cref="TimeS"/> (simulated seconds) user <see cref="User"/> leaves site <see cref="From"/> for <see cref="To"/>.</summary>
public sealed record Handover(double TimeS, int User, string From, string To);
