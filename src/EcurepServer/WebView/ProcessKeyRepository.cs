using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace EcurepServer.WebView;

/// <summary>
/// The keys that seal the sign-in cookie and the CSRF tokens, kept in this process only: nothing is written to disk,
/// and a restart ends every sign-in.
/// </summary>
internal sealed class ProcessKeyRepository : IXmlRepository
{
    private readonly Lock _lock = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_lock)
        {
            return [.. _elements.Select(element => new XElement(element))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_lock)
        {
            _elements.Add(new XElement(element));
        }
    }
}
