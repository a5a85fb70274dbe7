namespace Testbed.Overlay.Table;

/// <summary>The service address the warm-ups use: a documentation address (TEST-NET-1), which no real table ever holds.</summary>
public static class ScratchService
{
    public const string Address = "192.0.2.1";
}
