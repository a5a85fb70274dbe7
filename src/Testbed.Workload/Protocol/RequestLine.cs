using System.Text;

namespace Testbed.Workload.Protocol;

/// <summary>
/// A request on the request/response connection: any line that is not a control line, so a
/// request can be padded to the size a workload asks for: "request xxx...\n".
/// </summary>
public static class RequestLine
{
    public const string Word = "request";

    /// <summary>The smallest request, "request\n".</summary>
    public const int MinimumSize = 8;

    /// <summary>A request of exactly <paramref name="size"/> bytes, newline included (at least <see cref="MinimumSize"/>).</summary>
    public static byte[] Padded(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinimumSize);
        var line = size == MinimumSize ? Word : Word + " " + new string('x', size - MinimumSize - 1);
        return Encoding.ASCII.GetBytes(line + "\n");
    }
}
