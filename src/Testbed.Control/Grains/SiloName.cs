using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Testbed.Control.Grains;

/// <summary>This silo's name, which placement matches against <see cref="Hosting.LabClusterOptions"/>.</summary>
public sealed class SiloName(IOptions<SiloOptions> options)
{
    public string Value => options.Value.SiloName;
}
