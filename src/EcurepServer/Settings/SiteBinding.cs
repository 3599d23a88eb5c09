using EcurepServer.Dialects;
using Microsoft.Extensions.Configuration;

namespace EcurepServer.Settings;

/// <summary>
/// Binds one site ("EcurepServer:Sites:&lt;Name&gt;"): its dialect's texts first, as the defaults of its listeners, then
/// the site's own keys over them (those under a former name where the current one does not set them), then "{host}"
/// in the FTPS banner filled with the site's first host name.
/// </summary>
internal static class SiteBinding
{
    public static SiteOptions Bind(IConfigurationSection site, DialectCatalog dialects)
    {
        var options = new SiteOptions();
        if (Dialect(dialects, site.GetValue(nameof(SiteOptions.Dialect), SiteOptions.DefaultDialect)) is { } dialect)
        {
            options.Ftps.Banner = [.. dialect.Banner];
            options.Ftps.LoginMessage = [.. dialect.LoginMessage];
            options.Ftps.Replies = new Dictionary<string, string>(dialect.Replies, StringComparer.OrdinalIgnoreCase);
            options.Ssh.Banner = [.. dialect.SftpBanner];
            if (dialect.SftpAuthenticationMethods.Count > 0)
            {
                options.Ssh.AuthenticationMethods = [.. dialect.SftpAuthenticationMethods];
            }
        }

        OptionsBinder.Bind(site, options);
        options.Ftps.Banner = [.. options.Ftps.Banner.Select(line => line?.Replace("{host}", options.PrimaryHostName, StringComparison.Ordinal)!)];
        return options;
    }

    /// <summary>Null when the dialect cannot be loaded; the validator reports why under the site's Dialect key.</summary>
    private static ReplyDialect? Dialect(DialectCatalog dialects, string? name)
    {
        try
        {
            return dialects.Get(name ?? string.Empty);
        }
        catch (DialectLoadException)
        {
            return null;
        }
    }
}
