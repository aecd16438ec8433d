namespace Flashsmith.Boot.Measurement;

/// <summary>
/// One event the loader logs and extends into <see cref="MeasuredBoot.Pcr"/>: its type (<c>EV_EVENT_TAG</c> or <c>EV_IPL</c>),
/// the text of its event data (the bank-choice text, or <c>&lt;bank&gt;:/&lt;path&gt;</c>), and the SHA-256 digest it extends by.
/// </summary>
public sealed record MeasuredEvent(uint Type, string Description, byte[] Digest)
{
    public string TypeName => Type switch
    {
        MeasuredBoot.EventTag => "EV_EVENT_TAG",
        MeasuredBoot.Ipl => "EV_IPL",
        _ => "0x" + Type.ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
    };

    public string DigestHex => Convert.ToHexStringLower(Digest);
}
