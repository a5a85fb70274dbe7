namespace Testbed.Qemu.Image;

/// <summary>A built guest image in the cache: boot QEMU with -kernel <see cref="Kernel"/> -initrd <see cref="Initramfs"/>.</summary>
/// <param name="Id">The first 16 hex digits of the SHA-256 of kernel and initramfs: equal inputs, equal id.</param>
/// <param name="Modules">The modules in the initramfs, in load order.</param>
public sealed record GuestImage(string Id, string Directory, string Kernel, string Initramfs, IReadOnlyList<string> Modules);
