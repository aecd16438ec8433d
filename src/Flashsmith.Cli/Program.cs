using Flashsmith.Cli;

return FlashsmithCli.Run(args, CliEnvironment.FromProcess());
