using System.Text;

namespace Testbed.Results.Reporting;

/// <summary>
/// A GitHub-flavoured Markdown table. Cells are escaped so that a '|' or a line break in a
/// name cannot break the table; columns from <c>firstNumericColumn</c> on are right-aligned,
/// so that figures line up.
/// </summary>
public sealed class MarkdownTable(int firstNumericColumn, params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"{cells.Length} cells for {headers.Length} columns", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers.Select(Escape)).AppendLine(" |");
        text.Append('|').AppendJoin('|', headers.Select((_, i) => i >= firstNumericColumn ? "---:" : "---")).AppendLine("|");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(Escape)).AppendLine(" |");
        }

        return text.ToString();
    }

    public static string Escape(string cell) =>
        cell.Length == 0 ? " " : cell.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
