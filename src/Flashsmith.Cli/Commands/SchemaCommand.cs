using System.CommandLine;
using Flashsmith.Recipes.Schema;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith schema</c>: the recipe JSON Schema, as kept in recipes/recipe.schema.json.</summary>
public static class SchemaCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<FileInfo?>("--out", "-o")
        {
            Description = "Write the schema to this file instead of standard output",
            HelpName = "FILE",
        };
        var command = new Command("schema", "Print the JSON Schema of recipes, for editors with a YAML language server") { output };
        command.SetAction(result =>
        {
            var schema = RecipeJsonSchema.Generate();
            if (result.GetValue(output) is { } file)
            {
                File.WriteAllText(file.FullName, schema);
            }
            else
            {
                environment.Output.Profile.Out.Writer.Write(schema);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
