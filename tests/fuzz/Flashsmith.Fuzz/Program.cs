using Flashsmith.Fuzz;
using SharpFuzz;

// flashsmith-fuzz: the fuzz targets of Flashsmith's readers. tools/fuzz runs it under afl-fuzz; see tests/fuzz/README.md.
const string Usage = """
    usage: Flashsmith.Fuzz list
           Flashsmith.Fuzz run TARGET                        (under afl-fuzz: the input comes from afl)
           Flashsmith.Fuzz replay TARGET FILE|DIR...          (each input once; exit 1 on a finding)
           Flashsmith.Fuzz signature TARGET FILE              (what tells the bug FILE finds from others, or "none")
           Flashsmith.Fuzz seed-disk IMAGE OUT [OFFSET SIZE]  (an image, or a part of it, as a disk input)
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

switch (args[0])
{
    case "list" when args.Length == 1:
        foreach (var target in FuzzTargets.All)
        {
            Console.WriteLine($"{target.Name}\t{target.Dictionary ?? "-"}\t{target.Corpus}\t{target.CiSeconds}\t{target.Reads}");
        }

        return 0;

    case "run" when args.Length == 2 && FuzzTargets.Find(args[1]) is { } target:
    {
        // Instrumented code may run only inside Fuzzer.Run, where afl's coverage map is attached: the workspace
        // (which signs with the library's key) is made by the first input.
        var repository = FuzzWorkspace.FindRepository(Environment.CurrentDirectory);
        var work = Environment.GetEnvironmentVariable("FLASHSMITH_FUZZ_WORK");
        FuzzWorkspace? workspace = null;
        Fuzzer.Run(stream =>
        {
            workspace ??= FuzzWorkspace.Create(repository, work);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var input = memory.ToArray();
            if (FuzzOutcome.Run(target, workspace, input) is { } finding)
            {
                // SharpFuzz tells afl only that the input crashed. What it threw is kept, by the input's digest, for a
                // finding that a fresh process does not repeat (one that depends on what earlier inputs left behind).
                if (work is not null)
                {
                    File.AppendAllText(Path.Combine(work, "findings.tsv"), $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input))}\t{FindingSignature.Of(finding)}\n");
                }

                throw finding;
            }
        });
        workspace?.Dispose();
        return 0;
    }

    case "replay" when args.Length >= 3 && FuzzTargets.Find(args[1]) is { } target:
    {
        using var workspace = FuzzWorkspace.Create(FuzzWorkspace.FindRepository(Environment.CurrentDirectory));
        var files = args[2..].SelectMany(a => Directory.Exists(a) ? Directory.EnumerateFiles(a).Order(StringComparer.Ordinal) : (IEnumerable<string>)[a]).ToList();
        var findings = 0;
        foreach (var file in files)
        {
            var finding = FuzzOutcome.Run(target, workspace, File.ReadAllBytes(file));
            Console.WriteLine(finding is null ? $"ok {file}" : $"FINDING {file}: {finding}");
            findings += finding is null ? 0 : 1;
        }

        Console.WriteLine($"{target.Name}: {files.Count} inputs, {findings} findings");
        return findings == 0 ? 0 : 1;
    }

    case "signature" when args.Length == 3 && FuzzTargets.Find(args[1]) is { } target:
    {
        using var workspace = FuzzWorkspace.Create(FuzzWorkspace.FindRepository(Environment.CurrentDirectory));
        var finding = FuzzOutcome.Run(target, workspace, File.ReadAllBytes(args[2]));
        Console.WriteLine(finding is null ? "none" : FindingSignature.Of(finding));
        return 0;
    }

    case "seed-disk" when args.Length is 3 or 5:
    {
        var image = File.ReadAllBytes(args[1]);
        var part = args.Length == 5 ? image.AsSpan((int)long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), (int)long.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture)) : image;
        File.WriteAllBytes(args[2], SparseDisk.Write(part));
        return 0;
    }

    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
