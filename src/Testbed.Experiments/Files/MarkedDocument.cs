using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Testbed.Experiments.Files;

/// <summary>
/// A YAML file as JSON (what the schema checks and the binder reads), with where every
/// value and every key came from, by JSON pointer ("/topology/links/2/delay"). Plain
/// scalars take YAML's core types (null, booleans, integers, floats); quoted ones stay strings.
/// </summary>
public sealed class MarkedDocument
{
    private readonly Dictionary<string, SourceLocation> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceLocation> _keys = new(StringComparer.Ordinal);

    private MarkedDocument(string file) => File = file;

    public string File { get; }

    public JsonNode? Root { get; private set; }

    /// <summary>Parses <paramref name="text"/>; a YAML syntax error becomes a <see cref="ExperimentFileException"/> at its place.</summary>
    public static MarkedDocument Parse(string file, string text)
    {
        var document = new MarkedDocument(file);
        var stream = new YamlStream();
        var parser = new TrackingParser(text);
        try
        {
            stream.Load(parser);
        }
        catch (RefusedYamlException e)
        {
            throw new ExperimentFileException([new ExperimentProblem(new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), e.Message)]);
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            throw new ExperimentFileException([new ExperimentProblem(new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), $"not valid YAML: {Clean(message)}")]);
        }
        catch (InvalidOperationException)
        {
            var after = parser.LastGood;
            throw new ExperimentFileException([new ExperimentProblem(new SourceLocation(file, (int)Math.Max(1, after.Line), (int)Math.Max(1, after.Column)),
                "not valid YAML after here: is a [ or { left open?")]);
        }

        if (stream.Documents.Count != 1)
        {
            throw new ExperimentFileException([new ExperimentProblem(new SourceLocation(file, 1, 1), stream.Documents.Count == 0 ? "the file is empty" : "one experiment per file: this file holds several YAML documents")]);
        }

        var root = stream.Documents[0].RootNode;
        document.Root = document.Convert(root, "");
        return document;
    }

    /// <summary>Where the value at JSON pointer <paramref name="path"/> is; for a key that is not there, its parent's place.</summary>
    public SourceLocation ValueAt(string path)
    {
        for (var p = path; ; p = Parent(p))
        {
            if (_values.TryGetValue(p, out var location))
            {
                return location;
            }

            if (p.Length == 0)
            {
                return new SourceLocation(File, 1, 1);
            }
        }
    }

    /// <summary>
    /// A copy in which the value at each target pointer is replaced by (or, in an object, added
    /// as) a copy of this document's value at its source pointer, marked as written where the
    /// source is, so that a problem with a replaced value points at the replacement. Top-level
    /// members named in <paramref name="dropped"/> are left out.
    /// </summary>
    public MarkedDocument With(IEnumerable<(string Target, string Source)> replacements, IEnumerable<string> dropped)
    {
        var copy = new MarkedDocument(File) { Root = Root?.DeepClone() };
        foreach (var (key, value) in _values)
        {
            copy._values[key] = value;
        }

        foreach (var (key, value) in _keys)
        {
            copy._keys[key] = value;
        }

        foreach (var (target, source) in replacements)
        {
            var segments = target.Split('/').Skip(1).Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToList();
            var parent = segments.SkipLast(1).Aggregate(copy.Root, (node, segment) => node switch
            {
                JsonObject obj => obj[segment],
                JsonArray array => array[int.Parse(segment, CultureInfo.InvariantCulture)],
                _ => null,
            });
            var value = Find(Root, source)?.DeepClone();
            switch (parent)
            {
                case JsonObject obj:
                    obj[segments[^1]] = value;
                    break;
                case JsonArray array:
                    array[int.Parse(segments[^1], CultureInfo.InvariantCulture)] = value;
                    break;
                default:
                    throw new ArgumentException($"{target}: no object or list holds it", nameof(replacements));
            }

            foreach (var map in (Dictionary<string, SourceLocation>[])[copy._values, copy._keys])
            {
                foreach (var stale in map.Keys.Where(k => Within(k, target)).ToList())
                {
                    map.Remove(stale);
                }
            }

            foreach (var (key, location) in _values.Where(e => Within(e.Key, source)))
            {
                copy._values[target + key[source.Length..]] = location;
            }

            foreach (var (key, location) in _keys.Where(e => Within(e.Key, source) && e.Key != source))
            {
                copy._keys[target + key[source.Length..]] = location;
            }
        }

        foreach (var name in dropped)
        {
            (copy.Root as JsonObject)?.Remove(name);
        }

        return copy;
    }

    /// <summary>The value at JSON pointer <paramref name="path"/>, or null.</summary>
    public static JsonNode? Find(JsonNode? root, string path) =>
        path.Split('/').Skip(1).Select(s => s.Replace("~1", "/").Replace("~0", "~")).Aggregate(root, (node, segment) => node switch
        {
            JsonObject obj => obj[segment],
            JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
            _ => null,
        });

    private static bool Within(string pointer, string prefix) =>
        pointer == prefix || pointer.StartsWith(prefix + "/", StringComparison.Ordinal);

    /// <summary>Where the key of the member at <paramref name="path"/> is written, else where its value is.</summary>
    public SourceLocation KeyAt(string path) => _keys.TryGetValue(path, out var location) ? location : ValueAt(path);

    public static string Child(string path, string key) => $"{path}/{key.Replace("~", "~0").Replace("/", "~1")}";

    private static string Parent(string pointer) => pointer.Length == 0 ? "" : pointer[..pointer.LastIndexOf('/')];

    private SourceLocation At(Mark mark) => new(File, (int)mark.Line, (int)mark.Column);

    private JsonNode? Convert(YamlNode node, string pointer)
    {
        _values[pointer] = At(node.Start);
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalarKey ? scalarKey.Value ?? "" : key.ToString();
                    var child = Child(pointer, name);
                    if (obj.ContainsKey(name))
                    {
                        throw new ExperimentFileException([new ExperimentProblem(At(key.Start), $"'{name}' is given twice")]);
                    }

                    _keys[child] = At(key.Start);
                    obj[name] = Convert(value, child);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    array.Add(Convert(sequence.Children[i], $"{pointer}/{i}"));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new ExperimentFileException([new ExperimentProblem(At(node.Start), "aliases and tags are not used in experiment files")]);
        }
    }

    /// <summary>YAML 1.2's core schema for plain scalars.</summary>
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    /// <summary>YamlDotNet prefixes its messages with the span; the location is printed already.</summary>
    private static string Clean(string message)
    {
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}
