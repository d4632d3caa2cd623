using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spacedrive.Node.Api;
using Spacedrive.Node.Hosting;
using Spacedrive.Runtime.Configuration;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>
/// `sd config show|get|set`: the effective configuration, and edits of <c>node.conf</c>. These read and
/// write files only, so they work whether or not a node runs; a running node applies changes on restart.
/// </summary>
public static class ConfigCommands
{
    public static Command Build(ActionFactory actions)
    {
        var config = new Command("config", "Show and change the node's configuration (node.conf over reference.conf)");

        var path = new Argument<string?>("path") { Description = "Only this part, e.g. spacedrive.jobs", Arity = ArgumentArity.ZeroOrOne };
        var show = new Command("show", "Print the effective configuration as HOCON (with --json: as JSON)") { path };
        actions.Set(show, (ctx, ct) =>
        {
            var effective = NodeConfiguration.Load(ctx.DataDir).Resolve();
            var key = ctx.Value(path);
            if (key is not null && !effective.HasPath(key))
                return Task.FromResult(ctx.Output.Error(ErrorCodes.NotFound, $"No setting '{key}'. Run `sd config show` to see them all.", ExitCodes.OperationFailed));
            var subtree = key is null ? effective.GetConfig("spacedrive") : null;
            var text = key is null ? "spacedrive " + subtree!.Render() : RenderAt(effective, key);
            if (ctx.Output.IsJson)
            {
                var json = HoconJson.ToJson(key is null ? effective.GetConfig("spacedrive").Root : effective.GetValue(key)!);
                ctx.Output.Json(new { path = key ?? "spacedrive", value = json, config_file = ctx.DataDir.ConfigFile });
            }
            else
            {
                ctx.Output.Stdout.WriteLine(text);
            }
            return Task.FromResult(ExitCodes.Ok);
        });

        var getKey = new Argument<string>("key") { Description = "A setting's full path, e.g. spacedrive.jobs.max-concurrent" };
        var get = new Command("get", "Print one setting's effective value") { getKey };
        actions.Set(get, (ctx, ct) =>
        {
            var effective = NodeConfiguration.Load(ctx.DataDir).Resolve();
            var key = ctx.Value(getKey)!;
            var value = effective.HasPath(key) ? effective.GetValue(key) : null;
            if (value is null)
                return Task.FromResult(ctx.Output.Error(ErrorCodes.NotFound, $"No setting '{key}'. Run `sd config show` to see them all.", ExitCodes.OperationFailed));
            if (ctx.Output.IsJson) ctx.Output.Json(new { key, value = HoconJson.ToJson(value), origin = value.Origin.ToString() });
            else ctx.Output.Stdout.WriteLine(value is HoconScalar s ? s.Text : value.ToString());
            return Task.FromResult(ExitCodes.Ok);
        });

        var setKey = new Argument<string>("key") { Description = "A setting's full path, e.g. spacedrive.jobs.max-concurrent" };
        var setValue = new Argument<string>("value") { Description = "The new value (numbers, true/false, durations like 5s, sizes like 64MiB, or text)" };
        var force = new Option<bool>("--force") { Description = "Write a key that reference.conf does not know" };
        var set = new Command("set", "Set a value in node.conf; a running node applies it on restart") { setKey, setValue, force };
        actions.Set(set, (ctx, ct) =>
        {
            var key = ctx.Value(setKey)!;
            var raw = ctx.Value(setValue)!;
            var reference = ConfigurationFactory.Default();
            if (!ctx.Value(force) && !reference.HasPath(key))
                return Task.FromResult(ctx.Output.Error(ErrorCodes.NotFound, $"Unknown setting '{key}'. See `sd config show`, or pass --force to write it anyway.", ExitCodes.OperationFailed));

            var literal = Literal(raw);
            Config candidate;
            try
            {
                candidate = ConfigurationFactory.ParseString($"{QuotePath(key)} = {literal}", "sd config set");
                if (reference.GetValue(key) is HoconScalar { Type: HoconValueType.Number } && !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    throw new ConfigException($"'{key}' is a number; '{raw}' is not.");
                if (reference.GetValue(key) is HoconScalar { Type: HoconValueType.Boolean })
                    candidate.GetBoolean(key);
            }
            catch (ConfigException e)
            {
                return Task.FromResult(ctx.Output.Error(ErrorCodes.BadRequest, $"Invalid value for {key}: {e.Message}", ExitCodes.UsageError));
            }

            ctx.DataDir.EnsureCreated();
            var file = ctx.DataDir.ConfigFile;
            var lines = File.Exists(file) ? File.ReadAllLines(file).ToList() : ["# Settings of this node; they override hocon/reference.conf. `sd config set` edits this file.", ""];
            lines.RemoveAll(line => IsAssignmentOf(line, key));
            lines.Add($"{QuotePath(key)} = {literal}");
            var temp = file + ".tmp";
            File.WriteAllLines(temp, lines, new UTF8Encoding(false));
            // Check the whole file still parses before it replaces the old one.
            ConfigurationFactory.ParseFile(temp).WithFallback(reference).Resolve();
            File.Move(temp, file, overwrite: true);

            var running = NodeLock.IsHeld(ctx.DataDir);
            ctx.Output.Result(new { key, value = HoconJson.ToJson(candidate.GetValue(key)!), config_file = file, restart_needed = running },
                (c, _) => c.MarkupLine($"Set [bold]{Markup.Escape(key)}[/] = {Markup.Escape(literal)} in {Markup.Escape(file)}{(running ? ". Restart the node to apply it." : ".")}"));
            return Task.FromResult(ExitCodes.Ok);
        });

        config.Subcommands.Add(show);
        config.Subcommands.Add(get);
        config.Subcommands.Add(set);
        return config;
    }

    private static string RenderAt(Config config, string key) => $"{QuotePath(key)} = {config.GetValue(key)}";

    private static string QuotePath(string key) => HoconPath.Parse(key).ToString();

    private static bool IsAssignmentOf(string line, string key)
    {
        var trimmed = line.TrimStart();
        foreach (var form in new[] { key, QuotePath(key) })
        {
            if (trimmed.StartsWith(form, StringComparison.Ordinal))
            {
                var rest = trimmed[form.Length..].TrimStart();
                if (rest.StartsWith('=') || rest.StartsWith(':')) return true;
            }
        }
        return false;
    }

    /// <summary>Numbers, booleans and arrays as typed; everything else as a quoted string, so no value can inject HOCON.</summary>
    private static string Literal(string raw)
    {
        if (raw is "true" or "false" or "on" or "off" or "yes" or "no") return raw;
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !raw.Contains(' ', StringComparison.Ordinal)) return raw;
        return JsonSerializer.Serialize(raw);
    }
}
