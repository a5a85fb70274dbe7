namespace Testbed.Overlay.Control;

/// <summary>A router answered a request with ok=false (a stale epoch, a missing field, ...).</summary>
public sealed class RouterRefusedException(string router, string op, ControlResponse response)
    : Exception($"router {router} refused '{op}': {response.Error ?? response.Outcome}")
{
    public string Router { get; } = router;

    public ControlResponse Response { get; } = response;
}
