using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Testbed.Workload.Records;

/// <summary>
/// The word each value of an enum is written as, in the clients' records and in every results
/// file: its name in kebab-case (<c>Completed</c> is "completed", <c>HomeTunnel</c> would be
/// "home-tunnel"). Results' JSON files write enums with the same <see cref="Naming"/>.
/// </summary>
public static class EnumWords
{
    public static JsonNamingPolicy Naming { get; } = JsonNamingPolicy.KebabCaseLower;
}

/// <summary>The words of one enum, worked out once.</summary>
[SuppressMessage("Design", "CA1000", Justification = "The static members are the point: one table per enum type.")]
public static class EnumWords<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, string> ByValue = Enum.GetValues<T>().ToDictionary(v => v, v => EnumWords.Naming.ConvertName(v.ToString()));

    private static readonly Dictionary<string, T> ByWord = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every word, in declaration order: what an error message lists.</summary>
    public static IReadOnlyList<string> All { get; } = [.. ByValue.Values];

    public static string Word(T value) => ByValue.TryGetValue(value, out var word) ? word : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    public static bool TryParse(string word, out T value) => ByWord.TryGetValue(word, out value);

    public static T Parse(string word) => ByWord.TryGetValue(word, out var value)
        ? value
        : throw new FormatException($"unknown {typeof(T).Name} '{word}' (known: {string.Join(", ", All)})");
}
