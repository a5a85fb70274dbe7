using System.Text.RegularExpressions;

namespace Testbed.Results.Files;

/// <summary>One line for a failed file operation: the path once, then what the system said.</summary>
public static partial class IoErrors
{
    /// <summary>"PATH: message"; .NET's own " : 'PATH'" at the end of the message is left out, since the line starts with the path.</summary>
    public static string Describe(string path, Exception failure) => $"{path}: {QuotedPath().Replace(failure.Message.ReplaceLineEndings(" "), "")}";

    [GeneratedRegex(@"\s*:\s*'[^']*'\s*$")]
    private static partial Regex QuotedPath();
}
