namespace Testbed.Mechanisms.Guests;

/// <summary>
/// Convergence (destination RESUME to the client's first answer) split at the destination
/// tap, in ms from RESUME. <see cref="PathReadyMs"/>: the first IPv4 frame the network
/// delivered to the guest after the source paused; negative when the path was in place
/// before the guest ran, which is the overlay's aim. <see cref="GuestFirstFrameMs"/>: the
/// resumed guest's first IPv4 frame, which under TCG waits for the emulator to translate
/// the guest's code afresh. Null when there was no such frame.
/// </summary>
public sealed record ConvergenceSplit(double? PathReadyMs, double? GuestFirstFrameMs);
