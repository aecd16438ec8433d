namespace Flashsmith.Pipeline;

/// <summary>The stages of a build, in the order they run.</summary>
public enum BuildStage
{
    Compile,
    Collect,
    Pack,
    Sign,
    Assemble,
    Seal,
    Check,
    Emit,
    Done,
}
