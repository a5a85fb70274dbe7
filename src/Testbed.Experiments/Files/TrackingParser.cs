using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Testbed.Experiments.Files;

/// <summary>
/// YamlDotNet's parser, remembering where the last good event ended: on some broken input
/// (a flow mapping still open at the end of the file) the scanner throws without a place,
/// and this is the nearest place there is. It also refuses, at the first event that shows
/// them, what an experiment never needs and a hostile file uses: anchors and aliases (a few
/// lines of aliases expand to billions of nodes) and nesting deeper than <see cref="MaxDepth"/>
/// (which would exhaust the stack while the document is built).
/// </summary>
internal sealed class TrackingParser(string text) : IParser
{
    /// <summary>An experiment nests five or six levels; sixty-four leaves room for any hand-written file.</summary>
    public const int MaxDepth = 64;

    private readonly Parser _parser = new(new StringReader(text));
    private int _depth;

    public Mark LastGood { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => _parser.Current;

    public bool MoveNext()
    {
        if (_parser.Current is { } current)
        {
            LastGood = current.End;
        }

        if (!_parser.MoveNext())
        {
            return false;
        }

        switch (_parser.Current)
        {
            case AnchorAlias alias:
                throw new RefusedYamlException(alias.Start, alias.End, $"*{alias.Value}: aliases are not accepted; write the value out");
            case NodeEvent { Anchor.IsEmpty: false } anchored:
                throw new RefusedYamlException(anchored.Start, anchored.End, $"&{anchored.Anchor}: anchors are not accepted; write each value out");
            case MappingStart or SequenceStart when ++_depth > MaxDepth:
                throw new RefusedYamlException(_parser.Current.Start, _parser.Current.End, $"nested more than {MaxDepth} levels deep");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }

        return true;
    }
}
