using System.Text.RegularExpressions;
using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes;

/// <summary>The recipe's <c>boot</c> section: the console lines that end a boot of the image, well or badly.</summary>
public sealed record BootSpec(Sourced<Regex> Ready, Sourced<Regex> Halt);
