using System.CommandLine;
using Flashsmith.Projects;
using Flashsmith.Recipes;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith init [DIR] [--sample thinvisor|xen]</c>: writes a new project from the sample beside the tool.</summary>
public static class InitCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var folder = new Argument<DirectoryInfo?>("DIR")
        {
            Description = "The folder of the new project, made when missing (default: --project, else the current folder)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var sample = new Option<string>("--sample")
        {
            Description = "What the project starts from: 'thinvisor', the sample core, drivers and guest built from C; or 'xen', Xen with a Linux dom0 from pinned Debian packages",
            DefaultValueFactory = _ => Name(ProjectSample.Thinvisor),
            HelpName = "SAMPLE",
        };
        sample.AcceptOnlyFromAmong([.. Enum.GetValues<ProjectSample>().Select(Name)]);
        var command = new Command("init", "Write a new project: recipes with a base product and one OEM target, the sources they build from, a .gitignore and a README") { folder, sample };
        command.SetAction(result =>
        {
            var kind = Enum.GetValues<ProjectSample>().Single(k => Name(k) == result.GetValue(sample));
            // The project --project names need not exist yet: init makes it.
            var root = (result.GetValue(folder) ?? result.GetValue<DirectoryInfo?>(CommonOptions.ProjectName))?.FullName ?? Environment.CurrentDirectory;
            var project = ProjectInitializer.Create(root, kind, SampleProject.Locate(AppContext.BaseDirectory));
            Render(environment, project);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Name(ProjectSample sample) => sample.ToString().ToLowerInvariant();

    private static void Render(CliEnvironment environment, NewProject project)
    {
        var output = environment.Output.Profile.Out.Writer;
        var shown = ProjectFolder.Display(project.Root);
        output.WriteLine($"wrote a new {Name(project.Sample)} project in {shown} ({project.Files.Count} files):");
        foreach (var group in project.Files.GroupBy(Folder, StringComparer.Ordinal))
        {
            output.WriteLine(group.Count() == 1 && group.Key == group.First() ? $"  {group.Key}" : $"  {group.Key}/ ({group.Count()} files)");
        }

        var enter = shown == "." ? string.Empty : $"cd {shown} && ";
        output.WriteLine(project.Sample == ProjectSample.Xen
            ? $"next: {enter}{SampleProject.XenFolder}/fetch && flashsmith build"
            : $"next: {enter}flashsmith build");
    }

    /// <summary>How a file is listed: the files of the recipes and their targets one by one, the sources by folder.</summary>
    private static string Folder(string file)
    {
        var parts = file.Split('/');
        return parts[0] == ProjectFolder.RecipesFolder || parts.Length == 1 ? file : string.Join('/', parts.Take(Math.Min(parts.Length - 1, 2)));
    }
}
