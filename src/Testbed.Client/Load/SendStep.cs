namespace Testbed.Client.Load;

/// <summary>Send this request (from the site it was planned at).</summary>
internal sealed record SendStep(PlannedRequest Request) : UserStep;
