using System.Net;

namespace Testbed.Overlay.DataPlane;

/// <summary>
/// The MAC of a router's VXLAN device, made from its underlay address, so that every router
/// knows every peer's from the configuration alone and no address is ever learnt.
/// </summary>
internal static class VxlanMac
{
    /// <summary>The one VXLAN network the smart routers share.</summary>
    public const string NetworkId = "4242";

    /// <summary>A locally administered unicast MAC: 02:00 and the four bytes of the IPv4 address.</summary>
    public static string Of(string underlayAddress)
    {
        var bytes = IPAddress.Parse(underlayAddress).GetAddressBytes();
        return $"02:00:{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}:{bytes[3]:x2}";
    }
}
