namespace Testbed.Lab.Doctor;

/// <summary>
/// One thing the doctor tried. When it failed, <see cref="Disables"/> says what the
/// testbed cannot do because of it, and <see cref="Remedy"/> how to get it.
/// </summary>
public sealed record DoctorFinding(string Item, bool Ok, string Found, string? Disables = null, string? Remedy = null);
