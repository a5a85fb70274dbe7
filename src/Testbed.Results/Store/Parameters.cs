using System.Data.Common;

namespace Testbed.Results.Store;

/// <summary>Binds values to a command of either database; null becomes SQL NULL.</summary>
internal static class Parameters
{
    public static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
