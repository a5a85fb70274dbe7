using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Testbed.Workload.Records;

/// <summary>The words and numbers of the record lines, in one place so that writing and parsing cannot drift apart.</summary>
internal static class RecordText
{
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public static string OptionalNumber(long? value) => value is { } number ? Number(number) : "";

    public static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>A signed number, or empty for none.</summary>
    public static bool TryOptionalNumber(string text, out long? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (!TryNumber(text, out var number))
        {
            return false;
        }

        value = number;
        return true;
    }

    public static bool TryCount(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TrySequence(string text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>A duration: empty for none, otherwise a number of microseconds that is not negative.</summary>
    public static bool TryOptionalDuration(string text, out long? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = number;
        return true;
    }

    public static bool TryName(string text, [NotNullWhen(true)] out string? name)
    {
        name = ClientRecord.IsValidName(text) ? text : null;
        return name is not null;
    }

    public static string Word(RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.Ok => "ok",
        RequestOutcome.Timeout => "timeout",
        RequestOutcome.Refused => "refused",
        RequestOutcome.Reset => "reset",
        RequestOutcome.Unreachable => "unreachable",
        RequestOutcome.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static bool TryOutcome(string word, out RequestOutcome outcome)
    {
        foreach (var candidate in Outcomes)
        {
            if (string.Equals(Word(candidate), word, StringComparison.Ordinal))
            {
                outcome = candidate;
                return true;
            }
        }

        outcome = default;
        return false;
    }

    public static string Word(BrokenReason reason) => reason switch
    {
        BrokenReason.Eof => "eof",
        BrokenReason.Reset => "reset",
        BrokenReason.Timeout => "timeout",
        BrokenReason.Unreachable => "unreachable",
        BrokenReason.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static bool TryReason(string word, out BrokenReason reason)
    {
        foreach (var candidate in Reasons)
        {
            if (string.Equals(Word(candidate), word, StringComparison.Ordinal))
            {
                reason = candidate;
                return true;
            }
        }

        reason = default;
        return false;
    }

    // Listed rather than taken from Enum.GetValues: this library must stay free of reflection.
    private static readonly RequestOutcome[] Outcomes =
        [RequestOutcome.Ok, RequestOutcome.Timeout, RequestOutcome.Refused, RequestOutcome.Reset, RequestOutcome.Unreachable, RequestOutcome.Error];

    private static readonly BrokenReason[] Reasons =
        [BrokenReason.Eof, BrokenReason.Reset, BrokenReason.Timeout, BrokenReason.Unreachable, BrokenReason.Error];
}
