using Testbed.Experiments.Model;

namespace Testbed.Experiments.Files;

/// <summary>
/// Reads an experiment file: YAML, then the schema, then what only the meaning can tell.
/// Every problem comes back at once, in file order, as "file:line:col: message".
/// </summary>
public static class ExperimentLoader
{
    /// <summary>The largest shipped experiment is a few KiB; a bound keeps reading one small and quick.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>The experiment in <paramref name="path"/>, or an <see cref="ExperimentFileException"/> with every problem.</summary>
    public static Experiment Load(string path)
    {
        var (experiment, problems) = Check(path);
        return experiment ?? throw new ExperimentFileException(problems);
    }

    /// <summary>The experiment as written (for a sweep, without its sweep), or every problem of the file and of its sweep's points.</summary>
    public static (Experiment? Experiment, IReadOnlyList<ExperimentProblem> Problems) Check(string path)
    {
        var (plan, problems) = CheckPlan(path);
        return (plan?.Base, problems);
    }

    /// <summary>Everything the file asks to run: its sweep's points and repetitions, each checked like a file of its own.</summary>
    public static (ExperimentPlan? Plan, IReadOnlyList<ExperimentProblem> Problems) CheckPlan(string path)
    {
        string text;
        try
        {
            var size = new FileInfo(path).Length;
            if (size > MaxFileBytes)
            {
                return (null, [new ExperimentProblem(new SourceLocation(path, 1, 1), $"{size} bytes: an experiment file is at most {MaxFileBytes / 1024}KiB")]);
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [new ExperimentProblem(new SourceLocation(path, 1, 1), $"cannot read the file: {e.Message}")]);
        }

        return CheckPlanText(path, text);
    }

    public static (Experiment? Experiment, IReadOnlyList<ExperimentProblem> Problems) CheckText(string file, string text)
    {
        var (plan, problems) = CheckPlanText(file, text);
        return (plan?.Base, problems);
    }

    public static (ExperimentPlan? Plan, IReadOnlyList<ExperimentProblem> Problems) CheckPlanText(string file, string text)
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

        List<ExperimentProblem> problems = [.. ExperimentSchema.Check(document), .. QuantityCheck.Problems(document)];
        if (problems.Count > 0)
        {
            return (null, Ordered(problems));
        }

        var (experiment, meaning) = new ExperimentBinder(document).Bind();
        if (experiment is null)
        {
            return (null, Ordered(meaning));
        }

        var (plan, sweep) = SweepExpander.Expand(document, experiment);
        return (plan, Ordered(sweep));
    }

    private static List<ExperimentProblem> Ordered(IEnumerable<ExperimentProblem> problems) =>
        [.. problems.OrderBy(p => p.Location.Line).ThenBy(p => p.Location.Column)];
}
