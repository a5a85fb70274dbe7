using System.Globalization;
using System.Net;

namespace Testbed.Workload.Guests;

/// <summary>
/// What the host tells the guest, as testbed.* words on the kernel command line (or as
/// key=value arguments when run as a plain process). Unknown words are the kernel's own.
/// The host writes them with <see cref="ToKernelArguments"/> and the guest reads them with
/// <see cref="Parse"/>: one definition of the words on both sides.
/// </summary>
public sealed record GuestSettings
{
    /// <summary>The service address; null when run as a plain process that only serves.</summary>
    public IPAddress? Address { get; init; }

    public int PrefixLength { get; init; } = 24;

    public IPAddress? Gateway { get; init; }

    /// <summary>Six bytes, or null to keep the MAC QEMU gave the NIC.</summary>
    public byte[]? Mac { get; init; }

    public string Name { get; init; } = "guest";

    public TimeSpan ServiceTime { get; init; } = TimeSpan.Zero;

    public double DirtyMegabytesPerSecond { get; init; }

    /// <summary>How much memory the dirtying load cycles over.</summary>
    public int DirtyMebibytes { get; init; } = 32;

    /// <summary>
    /// The memory the dirtying load cycles over in a guest of <paramref name="memoryMib"/>:
    /// a quarter of it, so the kernel and the service keep the rest, and at least 8 MiB.
    /// </summary>
    public static int DirtyMebibytesFor(int memoryMib) => Math.Max(8, memoryMib / 4);

    /// <summary>The testbed.* words <see cref="Parse"/> reads back as these settings.</summary>
    public IReadOnlyList<string> ToKernelArguments()
    {
        var words = new List<string>();
        if (Address is not null)
        {
            words.Add(Word("addr", $"{Address}/{PrefixLength}"));
        }

        if (Gateway is not null)
        {
            words.Add(Word("gw", Gateway.ToString()));
        }

        if (Mac is not null)
        {
            words.Add(Word("mac", string.Join(':', Mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)))));
        }

        words.Add(Word("name", Name));
        words.Add(Word("service_ms", ServiceTime.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture)));
        words.Add(Word("dirty_mbps", DirtyMegabytesPerSecond.ToString("R", CultureInfo.InvariantCulture)));
        words.Add(Word("dirty_mib", DirtyMebibytes.ToString(CultureInfo.InvariantCulture)));
        return words;
    }

    private static string Word(string key, string value) =>
        value.Contains(' ', StringComparison.Ordinal) ? throw new FormatException($"testbed.{key} cannot hold a space: '{value}'") : $"testbed.{key}={value}";

    public static GuestSettings Parse(IEnumerable<string> words)
    {
        var settings = new GuestSettings();
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || !word.StartsWith("testbed.", StringComparison.Ordinal))
            {
                continue;
            }

            var key = word["testbed.".Length..equals];
            var value = word[(equals + 1)..];
            settings = key switch
            {
                "addr" => WithAddress(settings, value),
                "gw" => settings with { Gateway = IPAddress.Parse(value) },
                "mac" => settings with { Mac = ParseMac(value) },
                "name" => settings with { Name = value },
                "service_ms" => settings with { ServiceTime = TimeSpan.FromMilliseconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "dirty_mbps" => settings with { DirtyMegabytesPerSecond = double.Parse(value, CultureInfo.InvariantCulture) },
                "dirty_mib" => settings with { DirtyMebibytes = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new FormatException($"unknown setting testbed.{key}"),
            };
        }

        return settings;
    }

    /// <summary>"10.0.0.5/24": the guest's own address and its LAN's prefix length.</summary>
    private static GuestSettings WithAddress(GuestSettings settings, string value)
    {
        var parts = value.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            throw new FormatException($"testbed.addr must look like 10.0.0.5/24, not {value}");
        }

        return settings with { Address = address, PrefixLength = prefix };
    }

    private static byte[] ParseMac(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 6
            ? [.. parts.Select(p => byte.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture))]
            : throw new FormatException($"testbed.mac must be six hex bytes: {text}");
    }
}
