using System.Text.Json;
using System.Text.Json.Nodes;
using Testbed.Results.Files;
using Testbed.Results.Reading;

namespace Testbed.Results.Tests.Store;

/// <summary>Asserts that a run read back from the database is the run its directory gave: every figure, row and event.</summary>
internal static class SameRun
{
    public static void Assert(RunResults expected, RunResults? actual)
    {
        Xunit.Assert.NotNull(actual);
        Xunit.Assert.Equal(expected.Directory, actual.Directory);
        Xunit.Assert.Equal(expected.RunId, actual.RunId);

        // The summary's lists and dictionaries compare by reference; their JSON compares every figure, in order.
        Xunit.Assert.Equal(Json(expected.Summary), Json(actual.Summary));
        Xunit.Assert.Equal(expected.Recorded.Requests, actual.Recorded.Requests);
        Xunit.Assert.Equal(expected.Recorded.Probes, actual.Recorded.Probes);
        Xunit.Assert.Equal(expected.Recorded.BrokenConnections, actual.Recorded.BrokenConnections);
        Xunit.Assert.Equal(expected.Recorded.Migrations, actual.Recorded.Migrations);
        Xunit.Assert.Equal(expected.Recorded.Replications, actual.Recorded.Replications);
        Xunit.Assert.Equal(expected.Recorded.HandoverRows, actual.Recorded.HandoverRows);
        Xunit.Assert.Equal(expected.Calibration, actual.Calibration);
        Xunit.Assert.Equal(expected.Events.Count, actual.Events.Count);
        foreach (var (want, got) in expected.Events.Zip(actual.Events))
        {
            Xunit.Assert.Equal((want.TimeS, want.At, want.Kind), (got.TimeS, got.At, got.Kind));
            Xunit.Assert.True(JsonNode.DeepEquals(want.Details, got.Details), $"{want.Kind} at {want.At:O}: {want.Details.ToJsonString()} read back as {got.Details.ToJsonString()}");
        }
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value, ResultsJson.Indented);
}
