namespace Flashsmith.Provisioning;

/// <summary>The words the factory log stores for each <see cref="AttemptResult"/>, in one place.</summary>
public static class AttemptResultNames
{
    public static string ToName(this AttemptResult result) => result switch
    {
        AttemptResult.Ok => "ok",
        AttemptResult.Failed => "failed",
        AttemptResult.Refused => "refused",
        AttemptResult.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "not an attempt result"),
    };

    public static AttemptResult Parse(string name) => name switch
    {
        "ok" => AttemptResult.Ok,
        "failed" => AttemptResult.Failed,
        "refused" => AttemptResult.Refused,
        "interrupted" => AttemptResult.Interrupted,
        _ => throw new FormatException($"'{name}' is not an attempt result"),
    };
}
