using System.Buffers.Binary;
using Xunit;

namespace Testbed.TestSupport;

/// <summary>
/// The head of a PNG file: its eight-byte signature, then the IHDR chunk with the image's size.
/// Enough to tell a real PNG from an empty or cut file without decoding it.
/// </summary>
public sealed record PngHeader(int Width, int Height)
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The size the file's IHDR declares; fails when the file is no PNG.</summary>
    public static PngHeader Read(string path)
    {
        var head = new byte[24];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(head);
        }

        Assert.True(head.AsSpan(0, 8).SequenceEqual(Signature), $"{path}: no PNG signature");

        // Bytes 8-11 are IHDR's length (13), 12-15 its type; width and height follow, big-endian.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(head, 12, 4));
        return new PngHeader(BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(20)));
    }
}
