namespace Flashsmith.TestSupport;

/// <summary>Finds the checkout the tests run from, by its Build.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = System.IO.Path.GetDirectoryName(dir))
        {
            if (File.Exists(System.IO.Path.Combine(dir, "Build.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("the tests must run inside the Flashsmith checkout");
    }
}
