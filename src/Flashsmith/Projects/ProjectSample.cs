namespace Flashsmith.Projects;

/// <summary>What a new project starts from.</summary>
public enum ProjectSample
{
    /// <summary>The sample hypervisor core compiled from C, its drivers and guest: builds with nothing else.</summary>
    Thinvisor,

    /// <summary>Xen with a Linux dom0 from pinned Debian packages, which the project's fetch script downloads.</summary>
    Xen,
}
