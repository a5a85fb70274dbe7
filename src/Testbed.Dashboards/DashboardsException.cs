namespace Testbed.Dashboards;

/// <summary>A failure whose message already says, in one line, what is wrong and what to do.</summary>
public class DashboardsException(string message, Exception? inner = null) : Exception(message, inner);
