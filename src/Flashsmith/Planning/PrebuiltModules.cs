using System.Security.Cryptography;
using Flashsmith.Diagnostics;
using Flashsmith.Recipes;

namespace Flashsmith.Planning;

/// <summary>
/// The check of a prebuilt module, core or file against the SHA-256 its recipe or package pins: planning runs it on the
/// files (so validate and plan report what build would), and the collect stage on the bytes it reads.
/// </summary>
public static class PrebuiltModules
{
    /// <summary>A problem when <paramref name="bytes"/> are not what <paramref name="component"/> pins, else null.</summary>
    public static Diagnostic? Check(PlannedComponent component, byte[] bytes)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == component.Sha256
            ? null
            : new Diagnostic(
                DiagnosticCodes.PrebuiltMismatch,
                component.Position,
                $"{What(component)}: {ProjectFolder.Display(component.PrebuiltFile!)} has SHA-256 {actual}, but {(component.Descriptor is null ? "the recipe" : component.Descriptor)} pins {component.Sha256}");
    }

    /// <summary>How messages name the component: "driver 'e1000'", "the core", "file 'dom0-kernel'".</summary>
    public static string What(PlannedComponent component) => component.Kind switch
    {
        ComponentKind.Core => "the core",
        ComponentKind.File => $"file '{component.Name}'",
        _ => $"driver '{component.Name}'",
    };

    /// <summary>Reads every prebuilt module of <paramref name="components"/> and adds a problem for each that is unreadable or does not match.</summary>
    public static void Verify(IEnumerable<PlannedComponent> components, DiagnosticBag problems)
    {
        foreach (var component in components.Where(c => c.PrebuiltFile is not null))
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(component.PrebuiltFile!);
            }
            catch (Exception ex) when (FileSystemErrors.IsFileSystemFailure(ex))
            {
                problems.Add(DiagnosticCodes.PathMissing, component.Position, $"{What(component)}: cannot read {ProjectFolder.Display(component.PrebuiltFile!)}: {ex.Message}");
                continue;
            }

            if (Check(component, bytes) is { } problem)
            {
                problems.Add(problem);
            }
            else if (component.Kind == ComponentKind.Core && Signing.PeLayout.X64EfiApplicationProblem(bytes) is { } notEfi)
            {
                problems.Add(DiagnosticCodes.NotEfiApplication, component.Position, $"the core {ProjectFolder.Display(component.PrebuiltFile!)} is not an x86-64 EFI application: {notEfi}");
            }
        }
    }
}
