namespace Testbed.Dashboards.Tests.Engine;

/// <summary>Every test that needs the Docker engine shares one fixture: one dockerd start, one set of imported images.</summary>
[CollectionDefinition(Name)]
public sealed class DockerEngineGroup : ICollectionFixture<DockerEngineFixture>
{
    public const string Name = "Docker engine";
}
