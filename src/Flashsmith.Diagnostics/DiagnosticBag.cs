namespace Flashsmith.Diagnostics;

/// <summary>Collects problems so that all of them are reported at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> items = [];

    public bool HasErrors => items.Count > 0;

    public int Count => items.Count;

    public void Add(DiagnosticCode code, SourcePosition? position, string message) => items.Add(new Diagnostic(code, position, message));

    /// <summary>A problem that has no place in a file: a command-line argument, a device, a path.</summary>
    public void Add(DiagnosticCode code, string message) => items.Add(new Diagnostic(code, message));

    public void Add(Diagnostic diagnostic) => items.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => items.AddRange(diagnostics);

    /// <summary>The problems in file, line and column order (those without a place last), each once.</summary>
    public IReadOnlyList<Diagnostic> ToSortedList() =>
        items.Distinct()
            .OrderBy(d => d.Position is null)
            .ThenBy(d => d.Position?.File, StringComparer.Ordinal)
            .ThenBy(d => d.Position?.Line)
            .ThenBy(d => d.Position?.Column)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();

    /// <summary>Throws a <see cref="BadInputException"/> carrying every problem, if there are any.</summary>
    public void ThrowIfAny()
    {
        if (HasErrors)
        {
            throw new BadInputException(ToSortedList());
        }
    }
}
