namespace Flashsmith.Recipes;

/// <summary>The partition table a layout uses.</summary>
public enum PartitionTableKind
{
    Gpt,
    Mbr,
}
