using System.Security.Cryptography;

namespace Testbed.Dashboards.Stack;

/// <summary>
/// Passwords from the operating system's cryptographic generator. Letters and digits
/// only: they go into an Npgsql connection string (where ';' and '=' are syntax), into
/// environment variables and onto a terminal, all without quoting. 32 of 62 symbols
/// carry about 190 bits.
/// </summary>
public static class PasswordGenerator
{
    public const int Length = 32;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);
}
