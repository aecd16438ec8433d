namespace Flashsmith.Projects;

/// <summary>A project <see cref="ProjectInitializer"/> wrote: its root and every file in it, relative to the root.</summary>
public sealed record NewProject(string Root, ProjectSample Sample, IReadOnlyList<string> Files);
