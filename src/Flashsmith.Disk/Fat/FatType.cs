namespace Flashsmith.Disk.Fat;

/// <summary>The FAT variants, told apart by cluster count as the Microsoft FAT specification says.</summary>
public enum FatType
{
    Fat12,
    Fat16,
    Fat32,
}
