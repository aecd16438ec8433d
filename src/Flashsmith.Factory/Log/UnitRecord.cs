using System.Text.Json;

namespace Flashsmith.Provisioning;

/// <summary>
/// unit.json: who the key is for (serial, host name, asset tag), what was written to it, and when. The
/// provisioning time is the one wall-clock value Flashsmith writes; the core prints the serial at boot.
/// </summary>
public sealed record UnitRecord(UnitIdentity Unit, VerifiedImage Image, DateTimeOffset ProvisionedAt)
{
    public const string Format = "flashsmith-unit/1";

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("serial", Unit.Serial);
            WriteNullable(json, "hostname", Unit.Hostname);
            WriteNullable(json, "asset_tag", Unit.AssetTag);
            json.WriteString("target", Image.Statement.Target);
            json.WriteString("product", Image.Statement.Product);
            json.WriteString("version", Image.Statement.Version);
            json.WriteStartObject("image");
            json.WriteString("file", Image.Name);
            json.WriteString("sha256", Image.Sha256);
            json.WriteEndObject();
            json.WriteStartObject("key_seal");
            json.WriteString("file", Signing.KeySealStatement.FileName);
            json.WriteString("sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Image.KeySeal)));
            json.WriteEndObject();
            json.WriteString("provisioned_at", FactoryLog.FormatTime(ProvisionedAt));
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
