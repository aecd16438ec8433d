namespace Flashsmith.Toolchains;

/// <summary>
/// The second cache level, shared between machines, behind the local cache. It is never needed: an entry it
/// cannot give is built locally, and what went wrong is told in <see cref="Warnings"/>. Writes are best-effort.
/// </summary>
public interface ISharedCache : IAsyncDisposable
{
    /// <summary>Where the cache is, as the build reports it.</summary>
    RemoteCacheAddress Address { get; }

    /// <summary>What went wrong with the cache or its entries, as "warning: ..." lines, each reported once.</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>The content stored under <paramref name="kind"/>/<paramref name="key"/>, checked; null when absent, damaged or the cache is unusable.</summary>
    Task<byte[]?> GetAsync(string kind, string key);

    /// <summary>Stores <paramref name="content"/> without waiting for it.</summary>
    void Put(string kind, string key, byte[] content);

    /// <summary>Waits, briefly, for the writes still in flight.</summary>
    Task FlushAsync();
}
