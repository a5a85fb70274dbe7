using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Testbed.Workload.Records;

namespace Testbed.Workload.Clients;

/// <summary>
/// Reads the values of arguments and stdin commands, with one-line messages that name what
/// was wrong. Both use the same rules, so a site or an address is valid in a command exactly
/// when it is valid on the command line.
/// </summary>
public static class ArgumentValues
{
    /// <summary>A name that records can carry (no commas, whitespace or control characters).</summary>
    public static string Name(string what, string text) =>
        ClientRecord.IsValidName(text) ? text : throw Bad(what, "a name without commas or spaces", text);

    /// <summary>A dotted IPv4 address; IPAddress.Parse alone would also take "1" as 0.0.0.1.</summary>
    public static IPAddress Ipv4(string what, string text) =>
        text.Split('.').Length == 4 && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? address
            : throw Bad(what, "an IPv4 address such as 10.0.0.10", text);

    /// <summary>"-" or the name of a network namespace that exists now.</summary>
    public static string Netns(string what, string text) =>
        SiteLocation.NamespaceExists(text) ? text : throw Bad(what, "an existing network namespace (ip netns list) or -", text);

    public static int Whole(string what, string text, int minimum, int maximum = int.MaxValue) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw Bad(what, maximum == int.MaxValue ? $"a whole number from {minimum}" : $"a whole number from {minimum} to {maximum}", text);

    /// <summary>A finite number (invariant culture, a point for decimals, an exponent allowed) of at least <paramref name="minimum"/>.</summary>
    public static double Fractional(string what, string text, double minimum) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= minimum
            ? value
            : throw Bad(what, string.Create(CultureInfo.InvariantCulture, $"a number from {minimum}"), text);

    public static UsageException Bad(string what, string expected, string text) => new($"{what}: expected {expected}, got \"{text}\"");
}
