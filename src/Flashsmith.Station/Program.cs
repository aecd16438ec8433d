using Flashsmith.Cli;
using Flashsmith.Station;

return FlashsmithCli.Run(args, CliEnvironment.FromProcess(StationPageServer.Start));
