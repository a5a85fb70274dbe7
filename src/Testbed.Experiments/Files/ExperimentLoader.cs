using Testbed.Experiments.Model;

namespace Testbed.Experiments.Files;

/// <summary>
/// Reads an experiment file: YAML, then the schema, then what only the meaning can tell.
/// Every problem comes back at once, in file order, as "file:line:col: message".
/// </summary>
public static class ExperimentLoader
{
    /// <summary>The experiment in <paramref name="path"/>, or an <see cref="ExperimentFileException"/> with every problem.</summary>
    public static Experiment Load(string path)
    {
        var (experiment, problems) = Check(path);
        return experiment ?? throw new ExperimentFileException(problems);
    }

    public static (Experiment? Experiment, IReadOnlyList<ExperimentProblem> Problems) Check(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [new ExperimentProblem(new SourceLocation(path, 1, 1), $"cannot read the file: {e.Message}")]);
        }

        return CheckText(path, text);
    }

    public static (Experiment? Experiment, IReadOnlyList<ExperimentProblem> Problems) CheckText(string file, string text)
    {
        MarkedDocument document;
        try
        {
            document = MarkedDocument.Parse(file, text);
        }
        catch (ExperimentFileException e)
        {
            return (null, e.Problems);
        }

        var problems = ExperimentSchema.Check(document);
        if (problems.Count > 0)
        {
            return (null, Ordered(problems));
        }

        var (experiment, meaning) = new ExperimentBinder(document).Bind();
        return (experiment, Ordered(meaning));
    }

    private static List<ExperimentProblem> Ordered(IEnumerable<ExperimentProblem> problems) =>
        [.. problems.OrderBy(p => p.Location.Line).ThenBy(p => p.Location.Column)];
}
