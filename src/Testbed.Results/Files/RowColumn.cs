using System.Reflection;

namespace Testbed.Results.Files;

/// <summary>One column of a results file, as its <see cref="RowMap{T}"/> defines it.</summary>
/// <param name="Read">True when reading the file gives it back (a constructor parameter); false for a figure derived from the others.</param>
/// <param name="Optional">True when older files may lack it.</param>
/// <param name="Format">How a figure in it is written: its precision.</param>
/// <param name="Enum">For a column of enum values, their words; null otherwise.</param>
public sealed record RowColumn(string Name, PropertyInfo Member, bool Read, bool Optional, string Format, IEnumColumn? Enum = null)
{
    /// <summary>The column's value in <paramref name="row"/> as a file or a table holds it: an enum value as its word.</summary>
    public object? ValueOf(object row) => Member.GetValue(row) is { } value && Enum is not null ? Enum.Word(value) : Member.GetValue(row);

    /// <summary>A figure as this column holds it once written.</summary>
    public double Figure(double value) => ResultsCsv.Figure(value, Format);
}
