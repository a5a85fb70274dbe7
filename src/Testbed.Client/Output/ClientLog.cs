namespace Testbed.Client.Output;

/// <summary>Standard error: one line per message, prefixed with the program's name. Standard output carries only records.</summary>
internal static class ClientLog
{
    public const string Prefix = "testbed-client: ";

    public static void Warn(string message) => Console.Error.WriteLine(Prefix + message.ReplaceLineEndings(" "));
}
