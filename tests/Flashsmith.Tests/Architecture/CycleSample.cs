// Two namespaces that use each other, for the cycle finder to find.
namespace Flashsmith.Tests.Architecture.CycleSample.Left
{
    public sealed class LeftUser
    {
        public static int Count() => Right.RightUser.Size() + 1;
    }
}

namespace Flashsmith.Tests.Architecture.CycleSample.Right
{
    public static class RightUser
    {
        public static int Size() => 2;

        public static Left.LeftUser[] None() => [];
    }
}
