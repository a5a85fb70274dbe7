using System.Globalization;
using System.Security.Cryptography;

namespace Testbed.Control.Runs;

/// <summary>Run ids sort by start time and never collide: UTC time to the second, then four random hex digits.</summary>
public static class RunIds
{
    public static string New(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
}
