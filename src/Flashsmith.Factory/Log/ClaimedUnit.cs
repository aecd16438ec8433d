namespace Flashsmith.Provisioning;

/// <summary>The attempt that <see cref="FactoryLog.BeginFromUnits"/> began, and the unit it took.</summary>
public sealed record ClaimedUnit(long AttemptId, UnitIdentity Unit);
