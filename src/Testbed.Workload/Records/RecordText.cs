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

    public static string Word(RequestOutcome outcome) => EnumWords<RequestOutcome>.Word(outcome);

    public static bool TryOutcome(string word, out RequestOutcome outcome) => EnumWords<RequestOutcome>.TryParse(word, out outcome);

    public static string Word(BrokenReason reason) => EnumWords<BrokenReason>.Word(reason);

    public static bool TryReason(string word, out BrokenReason reason) => EnumWords<BrokenReason>.TryParse(word, out reason);
}
