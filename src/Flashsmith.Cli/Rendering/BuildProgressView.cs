using Flashsmith.Pipeline;
using Spectre.Console;

namespace Flashsmith.Cli.Rendering;

/// <summary>Shows build progress: a live status line on a terminal, one plain line per stage otherwise.</summary>
public static class BuildProgressView
{
    public static async Task<T> RunAsync<T>(CliEnvironment environment, Func<IProgress<BuildProgress>, Task<T>> work)
    {
        var console = environment.Output;
        if (console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi)
        {
            return await console.Status().StartAsync("compiling", async context =>
            {
                var progress = new SynchronousProgress(p => context.Status(Markup.Escape(Describe(p))));
                return await work(progress).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        return await work(new SynchronousProgress(p => console.Profile.Out.Writer.WriteLine(Describe(p)))).ConfigureAwait(false);
    }

    private static string Describe(BuildProgress progress) => progress.Target == "*"
        ? $"compile: {progress.Detail}"
        : $"{progress.Target}: {progress.Stage.ToString().ToLowerInvariant()}{(progress.Detail.Length > 0 ? " " + progress.Detail : string.Empty)}";

    /// <summary>Reports on the caller's thread, in order; <see cref="Progress{T}"/> would post to the thread pool.</summary>
    private sealed class SynchronousProgress(Action<BuildProgress> report) : IProgress<BuildProgress>
    {
        private readonly Lock gate = new();

        public void Report(BuildProgress value)
        {
            lock (gate)
            {
                report(value);
            }
        }
    }
}
