using EcurepServer.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace EcurepServer.Tests;

public sealed class PrintableTextTests
{
    [Theory]
    [InlineData("E-ABCD12345f", "E-ABCD12345f")]
    [InlineData("TS012345678_logs.zip", "TS012345678_logs.zip")]
    [InlineData("Grüße 日本 😀.zip", "Grüße 日本 😀.zip")]
    [InlineData("evil\n[12:00:00 INF] forged", @"evil\n[12:00:00 INF] forged")]
    [InlineData("a\r\tb", @"a\r\tb")]
    [InlineData("red\u001b[31m", @"red\u001B[31m")]
    [InlineData("csi\u009b31m del\u007f", @"csi\u009B31m del\u007F")]
    [InlineData("TS012345678\u202Egpj.exe", @"TS012345678\u202Egpj.exe")]
    [InlineData("\u2066isolate\u2069 zero\u200Bwidth bom\uFEFF", @"\u2066isolate\u2069 zero\u200Bwidth bom\uFEFF")]
    [InlineData("line\u2028para\u2029", @"line\u2028para\u2029")]
    [InlineData("tag\U000E0041", @"tag\U000E0041")]
    [InlineData(@"C:\not\n", @"C:\\not\\n")]
    public void ClientTextIsMadePrintableAndUnambiguous(string text, string expected) => Assert.Equal(expected, PrintableText.Escape(text));

    [Fact]
    public void ASurrogateWithoutItsPairIsEscaped() => Assert.Equal(@"lone\uD800 \uDC00", PrintableText.Escape("lone\uD800 \uDC00"));

    [Fact]
    public void TextWithNothingToEscapeIsReturnedAsItIs()
    {
        var text = "anonymous (tester@example.com)";

        Assert.Same(text, PrintableText.Escape(text));
    }

    [Fact]
    public void EveryTextPropertyReachesTheSinksEscapedWhateverTheTemplate()
    {
        var sink = new TextSink("{Message:lj} {Properties:j}");
        using (var logger = new LoggerConfiguration().Enrich.FromLogContext().Enrich.With<ClientTextEnricher>().WriteTo.Sink(sink).CreateLogger())
        using (Serilog.Context.LogContext.PushProperty("Scope", "scope\u001b]0;title\u0007"))
        {
            logger.Information(
                "Login of {User} refused for {Name} with {Names} and {@Request}",
                "evil\nforged",
                "TS012345678\u202Egpj.exe",
                new[] { "ok", "bad\r" },
                new { Command = "ls\u001b[2J" });
        }

        var line = Assert.Single(sink.Lines);
        Assert.DoesNotContain(line, c => c is '\n' or '\r' or '\u001b' or '\u0007' or '\u202E');
        Assert.Contains(@"Login of evil\nforged refused for TS012345678\u202Egpj.exe", line, StringComparison.Ordinal);
        Assert.Contains(@"bad\\r", line, StringComparison.Ordinal);
        Assert.Contains(@"ls\\u001B[2J", line, StringComparison.Ordinal);
        Assert.Contains(@"scope\\u001B]0;title\\u0007", line, StringComparison.Ordinal);
    }

    private sealed class TextSink(string template) : ILogEventSink
    {
        private readonly MessageTemplateTextFormatter _formatter = new(template);

        public List<string> Lines { get; } = [];

        public void Emit(LogEvent logEvent)
        {
            using var text = new StringWriter();
            _formatter.Format(logEvent, text);
            Lines.Add(text.ToString());
        }
    }
}
