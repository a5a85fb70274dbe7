using System.Reflection;

namespace Testbed.Results.Files;

/// <summary>One column of a results file, as its <see cref="RowMap{T}"/> defines it.</summary>
/// <param name="Read">True when reading the file gives it back (a constructor parameter); false for a figure derived from the others.</param>
/// <param name="Optional">True when older files may lack it.</param>
/// <param name="Format">How a figure in it is written: its precision.</param>
public sealed record RowColumn(string Name, PropertyInfo Member, bool Read, bool Optional, string Format)
{
    public object? ValueOf(object row) => Member.GetValue(row);

    /// <summary>A figure as this column holds it once written.</summary>
    public double Figure(double value) => ResultsCsv.Figure(value, Format);
}
