namespace Flashsmith.Recipes;

/// <summary>How far a driver is trusted, from most to least; a target sets the lowest it accepts.</summary>
public enum AcceptanceLevel
{
    Community = 0,
    Partner = 1,
    Accepted = 2,
    Certified = 3,
}
