using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Commands;

/// <summary>`testbed validate` as a researcher or a CI job calls it.</summary>
public sealed class ValidateCommandTests : ScratchRootTest
{
    [Fact]
    public async Task Valid_files_exit_0_and_a_broken_one_exits_2_with_file_line_col_and_no_stack_trace()
    {
        var good = Path.Combine(Scratch.Path, "good.yaml");
        var bad = Path.Combine(Scratch.Path, "bad.yaml");
        const string Valid = """
            name: tiny
            duration: 10s
            topology:
              data_centers: [{ name: dc1 }]
              user_sites: [{ name: u1 }]
              links: [{ a: u1, b: dc1, delay: 1ms }]
            services: [{ name: app, data_center: dc1 }]
            user_groups: [{ name: g, site: u1, service: app }]
            """;
        await File.WriteAllTextAsync(good, Valid);
        await File.WriteAllTextAsync(bad, Valid.Replace("delay: 1ms", "delay: 1 parsec"));

        var passed = await TestbedCommand.RunUnprivilegedAsync(Scratch.Path, "validate", good);
        var failed = await TestbedCommand.RunUnprivilegedAsync(Scratch.Path, "validate", good, bad);

        Assert.Equal(0, passed.ExitCode);
        Assert.Equal(2, failed.ExitCode);
        Assert.Contains($"{bad}:6:35: '1 parsec' is not a duration", failed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{good}: valid", failed.StandardOutput, StringComparison.Ordinal);
        Assert.Single(failed.StandardOutput.Split('\n'), line => line.StartsWith(bad, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", failed.StandardOutput + failed.StandardError, StringComparison.Ordinal);
    }
}
