using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcurepServer.Tests.Support;

/// <summary>A temp working directory with its own config/appsettings.json; deleted on dispose.</summary>
public sealed class TempWorkspace : IDisposable
{
    public TempWorkspace(JsonObject? settings = null)
    {
        Root = Directory.CreateTempSubdirectory("ecurep-host-tests-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "config"));
        WriteSettings(settings ?? ValidSettings());
    }

    public string Root { get; }

    public string SettingsPath => Path.Combine(Root, "config", "appsettings.json");

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public void WriteSettings(JsonObject settings) =>
        File.WriteAllText(SettingsPath, settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>A small configuration that passes validation: one site on ephemeral ports, console logging only.</summary>
    public static JsonObject ValidSettings() => new()
    {
        ["Serilog"] = new JsonObject
        {
            ["MinimumLevel"] = "Warning",
            ["WriteTo"] = new JsonArray(new JsonObject { ["Name"] = "Console" }),
        },
        ["EcurepServer"] = new JsonObject
        {
            ["DataDirectory"] = "data",
            ["AccountsFile"] = "config/accounts.json",
            ["CertificateDirectory"] = "certs",
            ["Pbkdf2Iterations"] = 10000,
            ["DropBox"] = new JsonObject
            {
                ["Products"] = new JsonArray("aix", "linux"),
                ["FailedLoginDelay"] = "00:00:00",
            },
            ["Sites"] = new JsonObject
            {
                ["Europe"] = new JsonObject
                {
                    ["HostNames"] = new JsonArray("ftps.example.test"),
                    ["AllowAnonymous"] = true,
                    ["Ftps"] = new JsonObject
                    {
                        ["BindAddress"] = "127.0.0.1",
                        ["Port"] = 0,
                        ["PassivePortMin"] = 0,
                        ["PassivePortMax"] = 0,
                        ["Banner"] = new JsonArray("FTPS server test ready"),
                    },
                    ["Ssh"] = new JsonObject
                    {
                        ["BindAddress"] = "127.0.0.1",
                        ["Port"] = 0,
                    },
                },
            },
        },
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalising handle; the OS temp cleaner takes it later.
        }
    }
}
