namespace Flashsmith.Cli.Tests;

/// <summary>
/// One <typeparamref name="T"/> for the whole test run: made by the first test class that asks for it, shared by every
/// class after it, disposed when the run ends. What it holds is read by the tests, never changed: a test that changes an
/// output works on its own copy.
/// </summary>
public static class RunWide<T>
    where T : class, IDisposable, new()
{
    private static readonly Lazy<T> Instance = new(Make, LazyThreadSafetyMode.ExecutionAndPublication);

    public static T Value => Instance.Value;

    private static T Make()
    {
        var value = new T();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => value.Dispose();
        return value;
    }
}
