using Microsoft.Extensions.Logging;

namespace Testbed.Control.Runs;

public sealed partial class ExperimentPlayer
{
    /// <summary>What the player writes to the run's log (run.log), one method a message.</summary>
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "phase: {Phase}")]
        public static partial void Phase(ILogger logger, string phase);

        [LoggerMessage(2, LogLevel.Information, "timeline at {AtS} s: {Event}")]
        public static partial void TimelineStep(ILogger logger, double atS, string @event);

        [LoggerMessage(3, LogLevel.Warning, "timeline step did not complete, the run goes on: {Event}: {Why}")]
        public static partial void TimelineStepFailed(ILogger logger, string @event, string why, Exception? exception);

        [LoggerMessage(4, LogLevel.Error, "the run failed: {Error}")]
        public static partial void RunFailed(ILogger logger, string error, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "the router of {DataCenter} could not be read at the end of the timeline: {Why}")]
        public static partial void RouterUnreadable(ILogger logger, string dataCenter, string why, Exception exception);
    }
}
