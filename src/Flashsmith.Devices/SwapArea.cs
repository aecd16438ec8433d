namespace Flashsmith.Devices;

/// <summary>An active swap area from <c>/proc/swaps</c>: a device (<c>partition</c>) or a swap <c>file</c>.</summary>
public sealed record SwapArea(string Path, string Type)
{
    public bool IsFile => Type == "file";
}
