namespace Testbed.Cli.Bench;

/// <summary>
/// What one direction of an emulated link counted while iperf3 ran: frames and bytes as a wire
/// would carry them, and the bytes per frame beyond the payload iperf3 says the link carried
/// (the headers, and a tunnel's outer ones), taking every frame to have carried its share.
/// </summary>
internal sealed record LinkCarriedRow(string Link, string Direction, long WireFrames, long WireBytes, double BytesPerFrameBeyondPayload);
