using Flashsmith.TestSupport;
using Flashsmith.Planning;
using Flashsmith.Recipes;

namespace Flashsmith.Tests.Recipes;

public sealed class SampleRecipeTests
{
    public static TheoryData<string> Recipes()
    {
        var data = new TheoryData<string>();
        foreach (var file in RecipeCatalog.RecipesIn(Path.Combine(RepositoryRoot.Path, "recipes")))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot.Path, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public void Sample_recipe_is_valid_and_plans(string relativePath)
    {
        var plan = BuildPlanner.Plan(RecipeLoader.Load(Path.Combine(RepositoryRoot.Path, relativePath)), BuildSettings.None);

        Assert.Equal("thinvisor", plan.Product);
        Assert.True(plan.Components.Count(c => c.Kind == ComponentKind.Driver) >= 5);
        Assert.Contains(plan.Layout.FlashSize.Bytes, new long[] { 32L << 20, 64L << 20 });
    }

    [Fact]
    public void There_is_at_least_one_oem_target()
    {
        Assert.NotEmpty(RecipeCatalog.Targets(Path.Combine(RepositoryRoot.Path, "recipes")));
    }
}
