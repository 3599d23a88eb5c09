using EcurepServer.Cli;

return await EcurepCli.InvokeAsync(args, CliContext.FromProcess());
