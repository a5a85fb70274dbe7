using Spectre.Console.Cli;
using Testbed.Lab.Processes;

namespace Testbed.Cli;

/// <summary>Turns any failure into the single line a user reads: what is wrong and what to do.</summary>
internal static class OneLineErrors
{
    public const int UsageError = 2;
    public const int Failure = 1;

    public static int Report(Exception exception)
    {
        var (message, code) = exception switch
        {
            CommandParseException or CommandRuntimeException => (exception.Message, UsageError),
            UserFacingException or ProgramMissingException or CommandFailedException or FileNotFoundException => (exception.Message, Failure),
            OperationCanceledException => ("interrupted; run 'sudo testbed/testbed clean' if anything is left", 130),
            _ => ($"{exception.Message} ({exception.GetType().Name}; set TESTBED_DEBUG=1 for the stack trace)", Failure),
        };
        Console.Error.WriteLine($"testbed: {message.ReplaceLineEndings(" ")}");
        if (Environment.GetEnvironmentVariable("TESTBED_DEBUG") == "1")
        {
            Console.Error.WriteLine(exception);
        }

        return code;
    }
}
