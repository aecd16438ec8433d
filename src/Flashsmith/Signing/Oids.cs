namespace Flashsmith.Signing;

/// <summary>The object identifiers that CMS and Authenticode signatures use.</summary>
public static class Oids
{
    public const string Data = "1.2.840.113549.1.7.1";
    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string ContentType = "1.2.840.113549.1.9.3";
    public const string MessageDigest = "1.2.840.113549.1.9.4";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string Sha256WithRsaEncryption = "1.2.840.113549.1.1.11";
    public const string SpcIndirectData = "1.3.6.1.4.1.311.2.1.4";
    public const string SpcPeImageData = "1.3.6.1.4.1.311.2.1.15";
    public const string SpcSpOpusInfo = "1.3.6.1.4.1.311.2.1.12";
}
