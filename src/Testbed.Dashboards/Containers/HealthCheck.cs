namespace Testbed.Dashboards.Containers;

/// <summary>How <see cref="StackManager"/> knows that a started container is ready for use.</summary>
public abstract record HealthCheck;
