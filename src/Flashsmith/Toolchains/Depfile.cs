namespace Flashsmith.Toolchains;

/// <summary>Reads the make-style dependency file clang writes with -MD: "out.o: a.c b.h \\ c.h".</summary>
public static class Depfile
{
    public static IReadOnlyList<string> Parse(string text)
    {
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        var body = colon < 0 ? text : text[(colon + 2)..];
        var paths = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length && body[i + 1] == ' ')
            {
                current.Append(' ');
                i++;
            }
            else if (c == '\\' && i + 1 < body.Length && body[i + 1] is '\n' or '\r')
            {
                continue;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (current.Length > 0)
                {
                    paths.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            paths.Add(current.ToString());
        }

        return paths;
    }
}
