namespace Testbed.Topology.Zoo;

/// <summary>A GraphML text the reader cannot take; the message starts with <c>source:line:</c>.</summary>
public sealed class ZooFormatException(string message) : Exception(message);
