using BenchmarkDotNet.Running;
using Flashsmith.Benchmarks;
using Flashsmith.Disk;

// "content DIR" writes the sample files; "image SIZE DIR OUT" builds the sample layout as one process,
// for side-by-side runs against other tools. Anything else goes to BenchmarkDotNet.
switch (args)
{
    case ["content", var folder]:
        SampleContent.Write(folder);
        break;
    case ["image", var size, var folder, var output] when ByteSize.TryParse(size, out var flash):
        SampleLayout.Build(flash, folder, output);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(RecipeBenchmarks).Assembly).Run(args);
        break;
}
