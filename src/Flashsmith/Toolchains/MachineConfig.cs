using Flashsmith.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Flashsmith.Toolchains;

/// <summary>
/// The small per-machine config file, <c>$XDG_CONFIG_HOME/flashsmith/config.yaml</c> (else
/// <c>~/.config/flashsmith/config.yaml</c>). Each setting is defined once in <see cref="Settings"/>, with its
/// key and the environment variable that overrides it; a command-line option overrides both.
/// </summary>
public static class MachineConfig
{
    public static readonly MachineSetting CacheRemote = new("cache.remote", "FLASHSMITH_CACHE_REMOTE", "the shared compile cache: redis://HOST:PORT[/DB], or none");

    public static readonly IReadOnlyList<MachineSetting> Settings = [CacheRemote];

    /// <summary>The config file's path, whether or not it exists; null when there is no home folder.</summary>
    public static string? FilePath(Func<string, string?> environment)
    {
        var config = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config")
            : null;
        return config is null ? null : Path.Combine(config, "flashsmith", "config.yaml");
    }

    /// <summary>
    /// The machine's own cache folder, <c>$XDG_CACHE_HOME/flashsmith</c> (else <c>~/.cache/flashsmith</c>): what is
    /// true of the machine rather than of a project, such as its tools' versions. Null when there is no home folder.
    /// </summary>
    public static string? CacheFolder(Func<string, string?> environment)
    {
        var cache = environment("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".cache")
            : null;
        return cache is null ? null : Path.Combine(cache, "flashsmith");
    }

    /// <summary>The remote cache from the option, else the environment, else the config file; null for none.</summary>
    public static RemoteCacheAddress? RemoteCache(string? option, Func<string, string?> environment)
    {
        var (value, source) = option is not null ? (option, "--cache-remote")
            : environment(CacheRemote.Variable) is { } variable ? (variable, CacheRemote.Variable)
            : Read(environment).GetValueOrDefault(CacheRemote.Key);
        return string.IsNullOrWhiteSpace(value) || value.Trim() == "none" ? null : RemoteCacheAddress.Parse(value.Trim(), source!);
    }

    /// <summary>Every setting the config file gives, with where it stands ("FILE:LINE:COLUMN: cache.remote"), for messages.</summary>
    public static IReadOnlyDictionary<string, (string Value, string Source)> Read(Func<string, string?> environment)
    {
        var path = FilePath(environment);
        var values = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (path is null || !File.Exists(path))
        {
            return values;
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new BadInputException([new Diagnostic(DiagnosticCodes.MachineConfig, new SourcePosition(path, (int)ex.Start.Line, (int)ex.Start.Column), $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}")]);
        }

        var problems = new List<Diagnostic>();
        if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is not YamlMappingNode)
        {
            problems.Add(Problem(path, stream.Documents[0].RootNode, "the config file must be a mapping, such as 'cache: {remote: redis://HOST:PORT}'"));
        }

        Walk(stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null, string.Empty);
        if (problems.Count > 0)
        {
            throw new BadInputException(problems);
        }

        return values;

        void Walk(YamlMappingNode? mapping, string prefix)
        {
            if (mapping is null)
            {
                return;
            }

            foreach (var (keyNode, valueNode) in mapping.Children.Select(c => (c.Key, c.Value)))
            {
                var key = prefix + ((keyNode as YamlScalarNode)?.Value ?? string.Empty);
                var setting = Settings.FirstOrDefault(s => s.Key == key);
                if (valueNode is YamlMappingNode inner && Settings.Any(s => s.Key.StartsWith(key + ".", StringComparison.Ordinal)))
                {
                    Walk(inner, key + ".");
                }
                else if (setting is not null && valueNode is YamlScalarNode scalar)
                {
                    values[key] = (scalar.Value ?? string.Empty, $"{path}:{valueNode.Start.Line}:{valueNode.Start.Column}: {key}");
                }
                else
                {
                    problems.Add(Problem(path, keyNode, setting is null
                        ? $"unknown setting '{key}'; the settings are: {string.Join(", ", Settings.Select(s => s.Key))}"
                        : $"'{key}' must be a single value"));
                }
            }
        }
    }

    private static Diagnostic Problem(string path, YamlNode node, string message) =>
        new(DiagnosticCodes.MachineConfig, new SourcePosition(path, (int)node.Start.Line, (int)node.Start.Column), message);
}
