using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Flashsmith.Benchmarks.RecipeBenchmarks).Assembly).Run(args);
