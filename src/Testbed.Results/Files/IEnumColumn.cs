namespace Testbed.Results.Files;

/// <summary>An enum column's words, for code that knows the column but not its enum type: the database import and read-back.</summary>
public interface IEnumColumn
{
    string Word(object value);

    object Parse(string word);
}
