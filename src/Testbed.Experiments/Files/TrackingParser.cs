using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Testbed.Experiments.Files;

/// <summary>
/// YamlDotNet's parser, remembering where the last good event ended: on some broken input
/// (a flow mapping still open at the end of the file) the scanner throws without a place,
/// and this is the nearest place there is.
/// </summary>
internal sealed class TrackingParser(string text) : IParser
{
    private readonly Parser _parser = new(new StringReader(text));

    public Mark LastGood { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => _parser.Current;

    public bool MoveNext()
    {
        if (_parser.Current is { } current)
        {
            LastGood = current.End;
        }

        return _parser.MoveNext();
    }
}
