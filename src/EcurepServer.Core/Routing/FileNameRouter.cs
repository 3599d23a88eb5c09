using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using EcurepServer.Core.Receipts;

namespace EcurepServer.Core.Routing;

/// <summary>
/// IBM's file naming convention (ECUREP.md, "File names and routing"). A case name starts with "TS" and 9 digits,
/// followed by '_', '.' or nothing (TS012345678_logs.zip). A PMR name starts with the PMR number (5 letters or
/// digits), the branch office (3 digits) and the country code (3 digits), each separated by '.' or ',' and followed
/// by '.', ',' or nothing (34143.055.724.zip, 12345,123,724.DUMP.ZIP). Letters match in either case, because tools
/// and users lower-case names; the route holds them in upper case. Every other name is lost.
/// </summary>
public static partial class FileNameRouter
{
    private const string CasePattern = "[Tt][Ss](?<number>[0-9]{9})";

    private const string PmrPattern = "(?<pmr>[A-Za-z0-9]{5})[.,](?<branch>[0-9]{3})[.,](?<country>[0-9]{3})";

    public static Route Classify(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var match = CaseName().Match(fileName);
        if (match.Success)
        {
            return new Route(RouteKind.Case, Case: NormaliseCase(match.Groups["number"].Value));
        }

        match = PmrName().Match(fileName);
        return match.Success
            ? new Route(RouteKind.Pmr, Pmr: NormalisePmr(match))
            : Route.Lost;
    }

    /// <summary>The receipt's route; for a receipt written before routing existed, the route of its file name.</summary>
    public static Route RouteOf(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return receipt.Route ?? Classify(receipt.Path[(receipt.Path.LastIndexOf('/') + 1)..]);
    }

    /// <summary>A case number as typed by an operator ("TS012345678", also lower case), normalised.</summary>
    public static bool TryParseCase(string? text, [NotNullWhen(true)] out string? caseNumber)
    {
        var match = text is null ? Match.Empty : CaseNumber().Match(text.Trim());
        caseNumber = match.Success ? NormaliseCase(match.Groups["number"].Value) : null;
        return caseNumber is not null;
    }

    /// <summary>A PMR as typed by an operator ("34143.055.724" or "34143,055,724"), normalised to dots.</summary>
    public static bool TryParsePmr(string? text, [NotNullWhen(true)] out string? pmr)
    {
        var match = text is null ? Match.Empty : PmrNumber().Match(text.Trim());
        pmr = match.Success ? NormalisePmr(match) : null;
        return pmr is not null;
    }

    [GeneratedRegex("^" + CasePattern + "(?:[_.]|\\z)", RegexOptions.CultureInvariant)]
    private static partial Regex CaseName();

    [GeneratedRegex("^" + PmrPattern + "(?:[.,]|\\z)", RegexOptions.CultureInvariant)]
    private static partial Regex PmrName();

    [GeneratedRegex("^" + CasePattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex CaseNumber();

    [GeneratedRegex("^" + PmrPattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex PmrNumber();

    private static string NormaliseCase(string digits) => "TS" + digits;

    private static string NormalisePmr(Match match) =>
        $"{match.Groups["pmr"].Value.ToUpperInvariant()}.{match.Groups["branch"].Value}.{match.Groups["country"].Value}";
}
