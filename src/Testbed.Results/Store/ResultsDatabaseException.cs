namespace Testbed.Results.Store;

/// <summary>
/// The results database cannot be used: a bad location, a server that cannot be reached, or
/// a schema newer than this testbed. The message is one line that names the database
/// without its password and says what to do.
/// </summary>
public sealed class ResultsDatabaseException : Exception
{
    public ResultsDatabaseException(string message)
        : base(message)
    {
    }

    public ResultsDatabaseException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ResultsDatabaseException()
    {
    }
}
