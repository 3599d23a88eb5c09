using System.Globalization;
using System.Security.Cryptography;
using EcurepServer.Management;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace EcurepServer.WebView;

/// <summary>
/// Who may see the pages: a request with the management token (Authorization: Bearer), or with the sign-in cookie the
/// sign-in form sets once the token was typed. The cookie is HttpOnly and SameSite=Strict and holds only its expiry,
/// sealed with this process's own keys, so a restart or the lifetime ends every sign-in.
/// </summary>
internal sealed class WebSignIn(ManagementToken token, IDataProtectionProvider protection, TimeSpan lifetime, TimeProvider time)
{
    public const string CookieName = "ecurep_web";
    public const string Path = "/web";

    private readonly IDataProtector _protector = protection.CreateProtector("EcurepServer.WebView.SignIn");

    public bool IsSignedIn(HttpContext http) =>
        token.Accepts(http.Request.Headers.Authorization) || IsValid(http.Request.Cookies[CookieName]);

    /// <summary>Sets the cookie when <paramref name="presented"/> is the management token.</summary>
    public bool TrySignIn(HttpContext http, string? presented)
    {
        if (string.IsNullOrWhiteSpace(presented) || !token.Accepts("Bearer " + presented))
        {
            return false;
        }

        var until = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        http.Response.Cookies.Append(CookieName, _protector.Protect(until), Options(http));
        return true;
    }

    public void SignOut(HttpContext http) => http.Response.Cookies.Delete(CookieName, Options(http));

    private bool IsValid(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie))
        {
            return false;
        }

        try
        {
            return long.TryParse(_protector.Unprotect(cookie), NumberStyles.None, CultureInfo.InvariantCulture, out var until)
                && time.GetUtcNow().ToUnixTimeSeconds() < until;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = Path,
        IsEssential = true,
    };
}
