using Spacedrive.Node.Cli;

return await SdCli.RunAsync(args).ConfigureAwait(false);
