using Testbed.TestSupport;

namespace Testbed.Results.Tests.Fixtures;

/// <summary>The tests that share one PostgreSQL server: each makes its own database on it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresTests : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
