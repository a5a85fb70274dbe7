namespace Testbed.Qemu.Qmp;

/// <summary>QEMU understood the command and refused it: its error reply, class and description.</summary>
public sealed class QmpErrorException(string command, string errorClass, string description)
    : Exception($"QEMU refused '{command}': {description} ({errorClass})")
{
    public string Command { get; } = command;

    /// <summary>QEMU's error class, such as GenericError or CommandNotFound.</summary>
    public string ErrorClass { get; } = errorClass;

    public string Description { get; } = description;
}
