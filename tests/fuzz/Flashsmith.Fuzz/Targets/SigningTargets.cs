using System.Security.Cryptography;
using Flashsmith.Reproducibility;
using Flashsmith.Signing;

namespace Flashsmith.Fuzz.Targets;

/// <summary>The signature readers: PE layout and Authenticode, CMS signed data (seals, key seals, partition seals) and the statements they carry.</summary>
public static class SigningTargets
{
    /// <summary>A PE/EFI file: its Authenticode signatures checked, and what holds a few of its bytes.</summary>
    public static void Authenticode(FuzzWorkspace workspace, byte[] input)
    {
        _ = AuthenticodeVerifier.Verify(input, workspace.Trusted);
        foreach (var offset in new long[] { 0, 0x3C, 0x80, 0x200, input.Length / 2, input.Length - 1 })
        {
            _ = PeSections.WhatHolds(input, offset);
        }
    }

    /// <summary>A CMS signed-data file read as a detached seal, as a key seal and as a partition seal.</summary>
    public static void SignedData(FuzzWorkspace workspace, byte[] input)
    {
        var digest = SHA256.HashData("flashsmith"u8);
        _ = SignedDataVerifier.Verify(input, Oids.Data, _ => digest, workspace.Trusted);
        _ = SignedDataVerifier.Verify(input, Oids.Data, content => content is null ? null : SHA256.HashData(content), workspace.Trusted);
        _ = KeySeal.Peek(input);
        _ = KeySeal.Open(input, workspace.Trusted, out _);
        _ = PartitionSeal.Open(input, workspace.Trusted, out _);
    }

    /// <summary>The JSON statements the seals carry: the key seal's and a partition seal's.</summary>
    public static void SealStatements(FuzzWorkspace workspace, byte[] input)
    {
        Exception? first = null;
        try
        {
            _ = KeySealStatement.Parse(input);
        }
        catch (InvalidDataException ex)
        {
            first = ex;
        }

        _ = PartitionSealStatement.Parse(input);
        if (first is not null)
        {
            throw first;
        }
    }
}
