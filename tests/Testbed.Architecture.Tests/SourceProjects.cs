using System.Xml.Linq;
using Testbed.TestSupport;

namespace Testbed.Architecture.Tests;

/// <summary>The projects under src as their csproj files declare them.</summary>
internal static class SourceProjects
{
    public static IReadOnlyList<string> Names { get; } =
        [.. Directory.GetDirectories(RepositoryRoot.Combine("src")).Select(Path.GetFileName).OfType<string>()
            .Where(name => File.Exists(CsprojOf(name))).Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> ProjectReferences(string project) =>
        [.. Items(project, "ProjectReference").Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')))];

    public static IReadOnlyList<string> PackageReferences(string project) => Items(project, "PackageReference");

    /// <summary>The packages <paramref name="project"/> brings with it: its own and those of every project it references, however deep.</summary>
    public static IReadOnlySet<string> PackageClosure(string project)
    {
        var packages = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                packages.UnionWith(PackageReferences(next));
                foreach (var referenced in ProjectReferences(next))
                {
                    pending.Push(referenced);
                }
            }
        }

        return packages;
    }

    private static string CsprojOf(string project) => RepositoryRoot.Combine("src", project, project + ".csproj");

    private static List<string> Items(string project, string kind) =>
        [.. XDocument.Load(CsprojOf(project)).Descendants(kind).Select(item => (string?)item.Attribute("Include")).OfType<string>()];
}
