namespace EcurepServer.Ftp.Commands;

/// <summary>Verb to handler, case-insensitive; the one place that lists the commands the server knows.</summary>
internal sealed class CommandTable
{
    private readonly Dictionary<string, FtpCommandHandler> _handlers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<FtpCommandHandler> _ordered = [];

    public CommandTable(IEnumerable<FtpCommandHandler> handlers)
    {
        foreach (var handler in handlers)
        {
            _ordered.Add(handler);
            _handlers.Add(handler.Verb, handler);
            foreach (var alias in handler.Aliases)
            {
                _handlers.Add(alias, handler);
            }
        }
    }

    /// <summary>The verbs HELP lists: every command and alias the server carries out, not those it answers 502.</summary>
    public IEnumerable<string> ImplementedVerbs => _handlers.Where(entry => entry.Value.Implemented).Select(entry => entry.Key).Order(StringComparer.Ordinal);

    public IEnumerable<string> Features => _ordered.Select(h => h.Feature).OfType<string>();

    public FtpCommandHandler? Find(string verb) => _handlers.GetValueOrDefault(verb);

    public static CommandTable CreateDefault() => new(
    [
        new AuthCommand(), new PbszCommand(), new ProtCommand(), new CccCommand(),
        new UserCommand(), new PassCommand(), new AcctCommand(), new ReinCommand(),
        new FeatCommand(), new OptsCommand(), new SystCommand(), new NoopCommand(), new HelpCommand(), new QuitCommand(),
        new StatCommand(), new AborCommand(),
        new CwdCommand(), new CdupCommand(), new PwdCommand(),
        new TypeCommand(), new ModeCommand(), new StruCommand(), new AlloCommand(), new RestCommand(),
        new PasvCommand(), new EpsvCommand(), new PortCommand(), new EprtCommand(),
        new StorCommand(), new StouCommand(), new AppeCommand(), new RetrCommand(),
        new ListCommand(), new NlstCommand(), new MlsdCommand(), new MlstCommand(), new SizeCommand(), new MdtmCommand(),
        new RefusedCommand("DELE"), new RefusedCommand("RMD", "XRMD"), new RefusedCommand("MKD", "XMKD"),
        new RefusedCommand("RNFR"), new RefusedCommand("RNTO"),
        new NotImplementedCommand("SITE"), new NotImplementedCommand("SMNT"),
    ]);
}
