using System.Reflection;

namespace Testbed.Results.Files;

/// <summary>One column of a results file, as its <see cref="RowMap{T}"/> defines it.</summary>
/// <param name="Read">True when reading the file gives it back (a constructor parameter); false for a figure derived from the others.</param>
/// <param name="Optional">True when older files may lack it.</param>
public sealed record RowColumn(string Name, PropertyInfo Member, bool Read, bool Optional)
{
    public object? ValueOf(object row) => Member.GetValue(row);
}
