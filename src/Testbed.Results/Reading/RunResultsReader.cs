using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Results.Summary;

namespace Testbed.Results.Reading;

/// <summary>
/// Reads a run's results directory, as <see cref="RunRecorder"/> and the calibration wrote it.
/// A file the run never got to is read as empty; a malformed one fails with its file and line.
/// </summary>
public static class RunResultsReader
{
    /// <summary>True when <paramref name="directory"/> looks like one run's results (it has events.jsonl or summary.json).</summary>
    public static bool IsRunDirectory(string directory) =>
        File.Exists(Path.Combine(directory, ResultsFileNames.Events)) || File.Exists(Path.Combine(directory, ResultsFileNames.Summary));

    public static RunResults Read(string directory)
    {
        if (!IsRunDirectory(directory))
        {
            throw new InvalidDataException($"{directory}: not a run's results directory (it has neither {ResultsFileNames.Events} nor {ResultsFileNames.Summary})");
        }

        var events = ReadEvents(Path.Combine(directory, ResultsFileNames.Events));
        var recorded = new RecordedRun(
            ReadCsv(Path.Combine(directory, ResultsFileNames.Requests), r => new RequestRow(
                Number(r, "t_s"), Text(r, "group"), (int)Number(r, "user"), Text(r, "site"), OptionalNumber(r, "latency_ms"), Text(r, "outcome"), OptionalText(r, "served_by"),
                OptionalNumber(r, "send_late_ms"))),
            ReadCsv(Path.Combine(directory, ResultsFileNames.Probes), r => new ProbeRow(
                Number(r, "t_s"), Text(r, "group"), Text(r, "site"), (long)Number(r, "seq"), OptionalNumber(r, "rtt_ms"), OptionalNumber(r, "send_late_ms"))),
            BrokenConnections(events),
            ReadCsv(Path.Combine(directory, ResultsFileNames.Migrations), r => new MigrationRow(
                Text(r, "vm"), Text(r, "from"), Text(r, "to"), Number(r, "start_s"), Number(r, "end_s"), Text(r, "outcome"), OptionalNumber(r, "resume_s"),
                OptionalWhole(r, "qemu_total_ms"), OptionalWhole(r, "qemu_downtime_ms"), OptionalNumber(r, "restore_ms"), OptionalNumber(r, "switchover_ms"),
                OptionalWhole(r, "bytes"), Text(r, "reason"), OptionalText(r, "error"),
                OptionalNumber(r, "stop_s"), OptionalNumber(r, "in_flight_ms"), OptionalNumber(r, "load_ms"), OptionalNumber(r, "path_ready_ms"),
                OptionalNumber(r, "guest_first_frame_ms"), OptionalWhole(r, "send_buffer_bytes"), OptionalWhole(r, "unsent_limit_bytes"), OptionalWhole(r, "receive_buffer_bytes"),
                OptionalWhole(r, "path_queue_packets") is { } queue ? (int)queue : null, OptionalText(r, "settings"))),
            ReadCsv(Path.Combine(directory, ResultsFileNames.Replications), r => new ReplicationRow(
                Text(r, "kind"), Text(r, "vm"), Text(r, "from"), Text(r, "data_center"), Number(r, "start_s"), Number(r, "end_s"), Text(r, "outcome"),
                OptionalWhole(r, "qemu_total_ms"), OptionalWhole(r, "qemu_downtime_ms"), OptionalWhole(r, "bytes"), Text(r, "reason"), OptionalText(r, "error"))),
            ReadCsv(Path.Combine(directory, ResultsFileNames.Cpu), r => new CpuRow(
                Number(r, "t_s"), Text(r, "process"), Text(r, "role"), Number(r, "cpu_ms"), Number(r, "interval_s"))),
            ReadCsv(Path.Combine(directory, ResultsFileNames.Links), r => new LinkSecondRow(
                Number(r, "t_s"), Text(r, "link"), Text(r, "direction"), (long)Number(r, "frames"), (long)Number(r, "drops"),
                OptionalNumber(r, "late_p50_us"), OptionalNumber(r, "late_p99_us"), OptionalNumber(r, "wake_delay_us"), Number(r, "tolerance_us"))),
            ReadCsv(Path.Combine(directory, ResultsFileNames.GuestCalibration), r => new GuestCalibrationRow(
                Text(r, "vm"), Text(r, "data_center"), Text(r, "kind"), (int)Number(r, "request_bytes"), (int)Number(r, "count"), Number(r, "rtt_p50_ms"),
                Number(r, "rtt_p99_ms"), Number(r, "service_time_ms"))),
            ReadCsv(Path.Combine(directory, ResultsFileNames.Paths), r => new PathRow(
                Text(r, "site"), Text(r, "data_center"), Number(r, "forward_ms"), Number(r, "return_ms"), (int?)OptionalWhole(r, "link_crossings"),
                OptionalNumber(r, "measured_rtt_ms"))));
        var calibration = ReadCsv(Path.Combine(directory, ResultsFileNames.Calibration), r => new CalibrationRow(
            $"{Text(r, "a")}-{Text(r, "b")}", Number(r, "configured_delay_ms"), OptionalNumber(r, "measured_delay_ms"), OptionalNumber(r, "delay_p99_ms"),
            OptionalNumber(r, "delay_error_ms"), Number(r, "delay_tolerance_ms"), OptionalNumber(r, "configured_mbps"), OptionalNumber(r, "measured_mbps"),
            OptionalNumber(r, "throughput_ratio"), Text(r, "ok") == "true", OptionalText(r, "emulation")));
        return new RunResults(directory, ReadSummary(Path.Combine(directory, ResultsFileNames.Summary)), recorded, events, calibration);
    }

    /// <summary>The broken connections of a run: its connection-broken events on the run's clock.</summary>
    public static IReadOnlyList<BrokenConnectionRow> BrokenConnections(IEnumerable<EventRow> events) =>
        [.. events.Where(e => e.Kind == "connection-broken" && e.TimeS is not null).Select(e => new BrokenConnectionRow(
            e.TimeS!.Value, e.Text("group") ?? "", (int)(e.Number("user") ?? 0), e.Text("site") ?? "", e.Text("reason") ?? ""))];

    public static RunSummary? ReadSummary(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), ResultsJson.Indented)
                ?? throw new InvalidDataException($"{path}: empty summary");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{(e.LineNumber ?? 0) + 1}: {e.Message}", e);
        }
    }

    private static List<EventRow> ReadEvents(string path)
    {
        var rows = new List<EventRow>();
        if (!File.Exists(path))
        {
            return rows;
        }

        var lines = ReadShared(path).TrimEnd('\n').Split('\n');
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                var fields = JsonNode.Parse(line)?.AsObject() ?? throw new InvalidDataException("not an object");
                var time = fields["t_s"] is JsonValue t ? t.GetValue<double>() : (double?)null;
                var at = DateTimeOffset.Parse(fields["at"]?.GetValue<string>() ?? throw new InvalidDataException("no 'at'"), CultureInfo.InvariantCulture);
                var kind = fields["kind"]?.GetValue<string>() ?? throw new InvalidDataException("no 'kind'");
                foreach (var own in (string[])["t_s", "at", "kind"])
                {
                    fields.Remove(own);
                }

                rows.Add(new EventRow(time, at, kind, fields));
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or InvalidOperationException)
            {
                // A run killed mid-write leaves a partial last line; only that one may be cut.
                if (number == lines.Length)
                {
                    break;
                }

                throw new InvalidDataException($"{path}:{number}: {e.Message}", e);
            }
        }

        return rows;
    }

    private static List<T> ReadCsv<T>(string path, Func<CsvReader, T> row)
    {
        var rows = new List<T>();
        if (!File.Exists(path))
        {
            return rows;
        }

        using var reader = new StringReader(ReadShared(path));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { MissingFieldFound = null, BadDataFound = null });
        if (!csv.Read())
        {
            return rows;
        }

        csv.ReadHeader();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            try
            {
                rows.Add(row(csv));
            }
            catch (Exception e) when (e is FormatException or CsvHelperException or InvalidDataException or OverflowException)
            {
                // A run killed mid-write leaves a partial last row; only that one may be cut.
                if (!csv.Read())
                {
                    break;
                }

                throw new InvalidDataException($"{path}:{line}: {e.Message}", e);
            }
        }

        return rows;
    }

    /// <summary>Reads a file that a live run may still be appending to.</summary>
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Text(CsvReader row, string name) =>
        row.GetField(name) ?? throw new InvalidDataException($"no column '{name}'");

    /// <summary>Empty, or a column this run's file does not have yet: files written before a column was added still read.</summary>
    private static string? OptionalText(CsvReader row, string name) => row.TryGetField<string>(name, out var text) && text is { Length: > 0 } ? text : null;

    private static double Number(CsvReader row, string name) =>
        OptionalNumber(row, name) ?? throw new InvalidDataException($"column '{name}' is empty");

    private static double? OptionalNumber(CsvReader row, string name) =>
        OptionalText(row, name) is { } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    private static long? OptionalWhole(CsvReader row, string name) =>
        OptionalText(row, name) is { } text ? long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;
}
