namespace Testbed.Experiments.Model;

/// <summary>
/// What one experiment file asks to run: the experiment as written (<see cref="Base"/>), and
/// its sweep points, each to be run <see cref="Repeat"/> times. A file without `sweep:` has one
/// point, the experiment itself.
/// </summary>
public sealed record ExperimentPlan(Experiment Base, IReadOnlyList<string> SweptFields, IReadOnlyList<SweepPoint> Points, int Repeat)
{
    /// <summary>True when the file asks for more than one run.</summary>
    public bool IsSweep => SweptFields.Count > 0 || Repeat > 1;

    public int RunCount => Points.Count * Repeat;

    /// <summary>The plan with the same change (the command line's overrides) made to every point.</summary>
    public ExperimentPlan Select(Func<Experiment, Experiment> change) =>
        this with { Base = change(Base), Points = [.. Points.Select(p => p with { Experiment = change(p.Experiment) })] };

    public static ExperimentPlan Once(Experiment experiment) => new(experiment, [], [new SweepPoint(1, [], experiment)], 1);
}
