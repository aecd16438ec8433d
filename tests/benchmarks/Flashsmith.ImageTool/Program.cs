using Flashsmith.Benchmarks;
using Flashsmith.Disk;

switch (args)
{
    case ["content", var folder]:
        SampleContent.Write(folder);
        return 0;
    case ["image", var size, var folder, var output] when ByteSize.TryParse(size, out var flash):
        SampleLayout.Build(flash, folder, output);
        return 0;
    default:
        Console.Error.WriteLine("usage: Flashsmith.ImageTool content DIR | image SIZE DIR OUT");
        return 2;
}
