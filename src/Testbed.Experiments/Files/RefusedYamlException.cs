using YamlDotNet.Core;

namespace Testbed.Experiments.Files;

/// <summary>Valid YAML that an experiment file may not use, at its place.</summary>
internal sealed class RefusedYamlException(Mark start, Mark end, string message) : YamlException(start, end, message);
