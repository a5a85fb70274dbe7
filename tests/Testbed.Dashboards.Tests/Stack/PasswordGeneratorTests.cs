using Testbed.Dashboards.Stack;

namespace Testbed.Dashboards.Tests.Stack;

public sealed class PasswordGeneratorTests
{
    [Fact]
    public void Passwords_are_long_letters_and_digits_never_admin_and_never_repeat()
    {
        var passwords = Enumerable.Range(0, 1000).Select(_ => PasswordGenerator.New()).ToList();

        Assert.All(passwords, p => Assert.Matches("^[A-Za-z0-9]{32}$", p));
        Assert.DoesNotContain("admin", passwords);
        Assert.Equal(passwords.Count, passwords.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_symbol_of_the_alphabet_turns_up_about_equally_often()
    {
        // 32,000 symbols over 62: about 516 each. A generator stuck on part of the
        // alphabet, or skewed by a modulo, falls far outside these bounds.
        var counts = string.Concat(Enumerable.Range(0, 1000).Select(_ => PasswordGenerator.New()))
            .GroupBy(c => c)
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(62, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 380, 660));
    }
}
