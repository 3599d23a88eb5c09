using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Configuration;

public sealed class DropBoxOptionsValidator : IValidateOptions<DropBoxOptions>
{
    public ValidateOptionsResult Validate(string? name, DropBoxOptions options) => ToResult(options.Validate());

    internal static ValidateOptionsResult ToResult(IReadOnlyList<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}

public sealed class AccountOptionsValidator : IValidateOptions<AccountOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountOptions options) =>
        DropBoxOptionsValidator.ToResult(options.Validate());
}

public sealed class FaultOptionsValidator : IValidateOptions<FaultOptions>
{
    public ValidateOptionsResult Validate(string? name, FaultOptions options) =>
        DropBoxOptionsValidator.ToResult(options.Validate());
}

public sealed class TranscriptOptionsValidator : IValidateOptions<TranscriptOptions>
{
    public ValidateOptionsResult Validate(string? name, TranscriptOptions options) =>
        DropBoxOptionsValidator.ToResult(options.Validate());
}

public sealed class DefenderOptionsValidator : IValidateOptions<Defender.DefenderOptions>
{
    public ValidateOptionsResult Validate(string? name, Defender.DefenderOptions options) =>
        DropBoxOptionsValidator.ToResult(options.Validate());
}

public sealed class EventOptionsValidator : IValidateOptions<EventOptions>
{
    public ValidateOptionsResult Validate(string? name, EventOptions options) =>
        DropBoxOptionsValidator.ToResult(options.Validate());
}

public sealed class CatalogOptionsValidator : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options) =>
        DropBoxOptionsValidator.ToResult(options.Validate());
}
