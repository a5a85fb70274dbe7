using System.Reflection;

namespace Testbed.Architecture.Tests;

/// <summary>The real project graph, read from the csproj files and from the compiled assemblies, against <see cref="ProjectGraph"/>.</summary>
public sealed class ProjectGraphTests
{
    public static TheoryData<string> Projects() => [.. SourceProjects.Names];

    [Fact]
    public void Every_project_under_src_has_a_place_in_the_allowed_graph()
    {
        Assert.Empty(SourceProjects.Names.Except(ProjectGraph.MayReference.Keys));
        Assert.Empty(ProjectGraph.MayReference.Keys.Except(SourceProjects.Names));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_project_references_only_the_projects_the_graph_allows(string project)
    {
        var wrong = SourceProjects.ProjectReferences(project).Except(ProjectGraph.MayReference[project]);

        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_project_takes_only_the_packages_the_graph_gives_it(string project)
    {
        var wrong = SourceProjects.PackageReferences(project)
            .Where(package => !ProjectGraph.MayTakePackage.TryGetValue(package, out var takers) || !takers.Contains(project));

        Assert.Empty(wrong);
    }

    /// <summary>The compiler keeps a reference only where a type of the other assembly is used: this is what the code really needs.</summary>
    [Theory]
    [MemberData(nameof(Projects))]
    public void A_compiled_assembly_uses_only_the_projects_it_may_depend_on(string project)
    {
        var projectOfAssembly = ProjectGraph.MayReference.Keys.ToDictionary(ProjectGraph.AssemblyOf, name => name, StringComparer.Ordinal);
        var used = Assembly.Load(ProjectGraph.AssemblyOf(project)).GetReferencedAssemblies()
            .Select(reference => reference.Name)
            .OfType<string>()
            .Where(projectOfAssembly.ContainsKey)
            .Select(name => projectOfAssembly[name]);

        Assert.Empty(used.Except(ProjectGraph.MayDependOn(project)));
    }

    [Fact]
    public void The_allowed_graph_has_no_cycle()
    {
        Assert.All(ProjectGraph.MayReference.Keys, project => Assert.DoesNotContain(project, ProjectGraph.MayDependOn(project)));
    }

    [Theory]
    // Validating an experiment file needs no root, no Python and no Docker: it must not even link them.
    [InlineData("Testbed.Experiments", "pythonnet Docker.DotNet CliWrap Microsoft.Orleans.Sdk Npgsql")]
    // The router runs in every data center's namespace: it carries no Python, engine client or grain runtime.
    [InlineData("Testbed.Router", "pythonnet Docker.DotNet Microsoft.Orleans.Sdk Npgsql")]
    // The low project of Linux primitives references no engine client.
    [InlineData("Testbed.Lab", "pythonnet Docker.DotNet Microsoft.Orleans.Sdk Npgsql")]
    [InlineData("Testbed.Topology", "pythonnet Docker.DotNet CliWrap Microsoft.Orleans.Sdk Npgsql")]
    // The guest is compiled ahead of time into its own image: the workload's contracts and nothing else.
    [InlineData("Testbed.Guest", "pythonnet Docker.DotNet CliWrap Microsoft.Orleans.Sdk Npgsql")]
    public void A_project_s_closure_brings_none_of_the_packages_it_must_not_load(string project, string forbidden)
    {
        var closure = SourceProjects.PackageClosure(project);

        Assert.Empty(closure.Intersect(forbidden.Split(' ')));
    }
}
