using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests;

/// <summary>Copies of a build cache, so that a test builds with warm objects without touching a cache that others share.</summary>
public static class WarmCache
{
    /// <summary>
    /// Copies the compiled objects, linked images and signatures in <paramref name="source"/> to <paramref name="relative"/>
    /// in <paramref name="temp"/>, and returns the copy's path. The stamps stay behind: they name the folders of the
    /// build that wrote them.
    /// </summary>
    public static string Copy(string source, TempFolder temp, string relative)
    {
        if (Directory.Exists(source))
        {
            temp.CopyIn(source, relative, f => Path.GetRelativePath(source, f).Split(Path.DirectorySeparatorChar)[0] is not ("tmp" or "stamps"));
        }

        Directory.CreateDirectory(temp.File(relative));
        return temp.File(relative);
    }
}
