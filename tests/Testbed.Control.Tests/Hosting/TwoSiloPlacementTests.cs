using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.World;
using Testbed.Experiments.Files;
using Testbed.Experiments.Model;
using Testbed.Lab.Runs;
using Testbed.Qemu.Image;
using Testbed.Results.Files;
using Testbed.TestSupport;

namespace Testbed.Control.Tests.Hosting;

/// <summary>
/// Two silos in one process, as two lab hosts would be: the first owns dc1's namespaces,
/// the second dc2's. A grain that drives QEMU or a router must run where its namespaces are.
/// </summary>
public sealed class TwoSiloPlacementTests : ScratchRootTest
{
    private const string FirstSilo = "Silo_0";
    private const string SecondSilo = "Silo_1";

    [Fact]
    public async Task Vm_router_and_data_center_grains_run_on_the_silo_that_owns_their_data_center()
    {
        var results = Directory.CreateTempSubdirectory("tbt-results-");
        using var recorder = new RunRecorder(results.FullName);
        var runtime = RunDirectory.Create(Scratch.Root, "placement");
        await using var world = new RunWorld(ExperimentLoader.Load(RepositoryRoot.Combine("experiments", "examples", "one-move.yaml")), "placement", runtime, recorder,
            new Dictionary<GuestImageKind, GuestImage>(), Qemu.Host.Accelerator.Tcg, Network.Wan.LinkEmulation.Auto);
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddLabHost(world);
            silo.AddTestbedControl(o =>
            {
                o.DataCenterSilos["dc1"] = FirstSilo;
                o.DataCenterSilos["dc2"] = SecondSilo;
            });
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            var grains = cluster.Client;

            Assert.Equal(FirstSilo, await grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of("dc1", "app")).GetSiloNameAsync());
            Assert.Equal(SecondSilo, await grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of("dc2", "app")).GetSiloNameAsync());
            Assert.Equal(FirstSilo, await grains.GetGrain<ISmartRouterGrain>("dc1").GetSiloNameAsync());
            Assert.Equal(SecondSilo, await grains.GetGrain<ISmartRouterGrain>("dc2").GetSiloNameAsync());
            Assert.Equal(SecondSilo, await grains.GetGrain<IDataCenterGrain>("dc2").GetSiloNameAsync());

            // Many more VMs, so that a placement that merely happened to match (even odds per
            // grain without the director) would not pass.
            foreach (var service in Enumerable.Range(0, 8).Select(i => $"svc{i}"))
            {
                Assert.Equal(FirstSilo, await grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of("dc1", service)).GetSiloNameAsync());
                Assert.Equal(SecondSilo, await grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of("dc2", service)).GetSiloNameAsync());
            }
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            await runtime.DisposeAsync();
            results.Delete(recursive: true);
        }
    }
}
