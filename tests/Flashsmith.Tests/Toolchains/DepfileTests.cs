using Flashsmith.Toolchains;

namespace Flashsmith.Tests.Toolchains;

public sealed class DepfileTests
{
    [Fact]
    public void Reads_the_sources_and_headers_across_continuation_lines()
    {
        var text = "obj/main.obj: src/firmware/core/main.c \\\n  src/firmware/core/../include/efi.h \\\n  src/firmware/core/sha256.h\n";

        Assert.Equal(["src/firmware/core/main.c", "src/firmware/core/../include/efi.h", "src/firmware/core/sha256.h"], Depfile.Parse(text));
    }

    [Fact]
    public void Escaped_spaces_stay_in_the_path()
    {
        Assert.Equal(["a b.c", "c.h"], Depfile.Parse("x.obj: a\\ b.c c.h\n"));
    }
}
