namespace Flashsmith.Planning;

/// <summary>What a component is to the image.</summary>
public enum ComponentKind
{
    Core,
    Driver,
}
