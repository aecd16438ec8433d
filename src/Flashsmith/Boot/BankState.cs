namespace Flashsmith.Boot;

/// <summary>A boot bank's <c>bootstate=</c>: the loader boots a valid or upgrading bank, never a trying or invalid one.</summary>
public enum BankState
{
    /// <summary>0: committed; it reached READY.</summary>
    Valid = 0,

    /// <summary>1: just written by an update; the next boot tries it once.</summary>
    Upgrading = 1,

    /// <summary>2: being tried; a bank still trying at the next boot failed.</summary>
    Trying = 2,

    /// <summary>3: failed a boot or a check; never booted again until updated.</summary>
    Invalid = 3,
}
