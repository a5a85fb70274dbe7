namespace Testbed.Cli;

/// <summary>A failure whose message already says what is wrong and what to do.</summary>
internal sealed class UserFacingException(string message) : Exception(message);
