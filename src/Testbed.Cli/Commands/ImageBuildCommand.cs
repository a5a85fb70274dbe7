using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Qemu.Image;

namespace Testbed.Cli.Commands;

/// <summary>`testbed image build [--tools] [--json]`: the guest image, from the cache when its inputs are unchanged.</summary>
internal sealed class ImageBuildCommand : AsyncCommand<ImageBuildSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ImageBuildSettings settings, CancellationToken cancellationToken)
    {
        RootRequirement.Demand("image build");
        var image = settings.Tools ? await GuestImageBuilder.BuildWithToolsAsync(cancellationToken) : await GuestImageBuilder.BuildDefaultAsync(cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(image);
        }
        else
        {
            AnsiConsole.MarkupLine($"guest image [bold]{image.Id}[/]");
            AnsiConsole.MarkupLine($"  kernel     {Markup.Escape(image.Kernel)}");
            AnsiConsole.MarkupLine($"  initramfs  {Markup.Escape(image.Initramfs)} ({new FileInfo(image.Initramfs).Length / 1024} KiB)");
            AnsiConsole.MarkupLine($"  modules    {Markup.Escape(string.Join(", ", image.Modules.Select(Path.GetFileName)))}");
        }

        return 0;
    }
}
