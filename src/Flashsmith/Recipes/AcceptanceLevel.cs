using Flashsmith.Recipes.Schema;

namespace Flashsmith.Recipes;

/// <summary>How far a driver is trusted, from most to least; a target sets the lowest it accepts.</summary>
public enum AcceptanceLevel
{
    Community = 0,
    Partner = 1,
    Accepted = 2,
    Certified = 3,
}

/// <summary>The acceptance levels as recipes write them, most trusted first: the one list every rule and schema uses.</summary>
public static class AcceptanceLevels
{
    public static ChoiceSet Choices { get; } = ChoiceSet.Of(Enum.GetValues<AcceptanceLevel>().OrderDescending());
}
