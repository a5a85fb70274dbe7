using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;
using Testbed.Workload.Records;

namespace Testbed.Results.Files;

/// <summary>An enum column, written and read as its values' words (<see cref="EnumWords{T}"/>).</summary>
public sealed class EnumWordConverter<T> : DefaultTypeConverter, IEnumColumn
    where T : struct, Enum
{
    public string Word(object value) => EnumWords<T>.Word((T)value);

    public object Parse(string word) => EnumWords<T>.Parse(word);

    public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        value is T known ? EnumWords<T>.Word(known) : null;

    public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
        string.IsNullOrEmpty(text) ? null : EnumWords<T>.Parse(text);
}
