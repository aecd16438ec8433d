using System.Text.Json.Nodes;
using Flashsmith.Boot;

namespace Flashsmith.Cli.Rendering;

/// <summary><c>banks --json</c>: each bank's contents, state and verdict, and which boots next.</summary>
public static class BanksJson
{
    public static string Render(string target, BankTable banks) =>
        new JsonObject
        {
            ["target"] = target,
            ["next"] = banks.Next?.Partition,
            ["banks"] = new JsonArray([.. banks.Banks.Select(b => (JsonNode?)new JsonObject
            {
                ["partition"] = b.Partition,
                ["product"] = b.Product,
                ["version"] = b.Version,
                ["build"] = b.Config?.Build,
                ["updated"] = b.Config?.Updated,
                ["state"] = State(b),
                ["verifies"] = b.Verifies,
                ["next"] = b == banks.Next,
                ["problems"] = new JsonArray([.. b.Problems.Select(p => (JsonNode?)JsonValue.Create(p))]),
            })]),
        }.ToJsonString(JsonOutput.Options);

    /// <summary>A bank's state as the table and JSON name it: its <c>bootstate</c>, or empty, or unreadable.</summary>
    public static string State(BankInfo bank) => bank.Config is { } config
        ? config.State.ToString().ToLowerInvariant()
        : bank.Problem is null ? "empty" : "unreadable";
}
