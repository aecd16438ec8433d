using System.Diagnostics;

namespace Flashsmith.Pipeline;

/// <summary>
/// A test seam: when the environment variable <see cref="Variable"/> names a point, the process kills itself
/// with SIGKILL on reaching it, as a power cut or <c>kill -9</c> would, so that tests can check what such a
/// crash leaves behind. Unset, as it always is outside those tests, it does nothing.
/// </summary>
public static class CrashPoint
{
    public const string Variable = "FLASHSMITH_TEST_KILL_AT";

    private static readonly string? Chosen = Environment.GetEnvironmentVariable(Variable);

    /// <summary>The points in the order Emit reaches them.</summary>
    public static readonly IReadOnlyList<string> EmitPoints =
    [
        "emit-staged", "emit-image", "emit-bmap", "emit-seal", "emit-manifest", "emit-budget", "emit-spdx", "emit-cyclonedx", "emit-provenance", "emit-swapped", "emit-old-removed",
    ];

    public static void Reach(string point)
    {
        if (Chosen == point)
        {
            Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
