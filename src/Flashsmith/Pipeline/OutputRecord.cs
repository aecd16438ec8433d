using System.Globalization;
using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// Remembers, in the cache, which build key produced a target's output folder and the size and
/// time of each file written, so that a build with nothing new finds its outputs still in place
/// and writes nothing. Any change to the files on disk means they are written again.
/// </summary>
public sealed class OutputRecord(string cacheFolder, string outputFolder, string buildKey, SignatureInfo signature)
{
    private readonly string path = Path.Combine(cacheFolder, "outputs", ObjectCache.Hash(outputFolder));

    public EmitOutput? Find()
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length < 3 || lines[0] != buildKey)
        {
            return null;
        }

        var files = new List<string>();
        foreach (var line in lines.Skip(2))
        {
            var parts = line.Split('\t');
            var info = new FileInfo(Path.Combine(outputFolder, parts[0]));
            if (parts.Length != 3 || !info.Exists || info.Length.ToString(CultureInfo.InvariantCulture) != parts[1]
                || info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) != parts[2])
            {
                return null;
            }

            files.Add(info.FullName);
        }

        var image = files.FirstOrDefault(f => f.EndsWith(".img", StringComparison.Ordinal));
        return image is null ? null : new EmitOutput(outputFolder, image, lines[1], files, true, signature);
    }

    public void Save(EmitOutput output)
    {
        var lines = new List<string> { buildKey, output.ImageSha256 };
        foreach (var file in output.Files)
        {
            var info = new FileInfo(file);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{info.Name}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}"));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllLines(temp, lines);
        File.Move(temp, path, overwrite: true);
    }
}
