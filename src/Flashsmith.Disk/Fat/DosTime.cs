namespace Flashsmith.Disk.Fat;

/// <summary>A FAT time stamp: date and time words in 2-second steps, and tenths for creation times. Always UTC.</summary>
public readonly record struct DosTime(ushort Date, ushort Time, byte Tenths)
{
    /// <summary>Whether a FAT time stamp can hold the moment <paramref name="unixSeconds"/> seconds after 1970: from 1980 to the end of 2107.</summary>
    public static bool Holds(long unixSeconds) => unixSeconds is >= 315532800 and < 4354819200;

    public static DosTime From(DateTimeOffset moment)
    {
        var utc = moment.UtcDateTime;
        if (utc.Year is < 1980 or > 2107)
        {
            throw new DiskFormatException($"FAT time stamps hold the years 1980 to 2107, not {utc:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        }

        var date = (ushort)(((utc.Year - 1980) << 9) | (utc.Month << 5) | utc.Day);
        var time = (ushort)((utc.Hour << 11) | (utc.Minute << 5) | (utc.Second / 2));
        return new DosTime(date, time, (byte)((utc.Second % 2) * 100));
    }

    /// <summary>The moment these words stand for, or null when they are not a valid date.</summary>
    public DateTime? ToDateTime()
    {
        int year = 1980 + (Date >> 9), month = (Date >> 5) & 15, day = Date & 31;
        int hour = Time >> 11, minute = (Time >> 5) & 63, second = (Time & 31) * 2;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
    }
}
