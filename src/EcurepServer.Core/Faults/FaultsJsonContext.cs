using System.Text.Json.Serialization;
using EcurepServer.Core.Configuration;

namespace EcurepServer.Core.Faults;

/// <summary>A shared rule's JSON in the catalog: the rule as the Faults section and the management API write it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FaultRuleOptions))]
internal sealed partial class FaultsJsonContext : JsonSerializerContext;
