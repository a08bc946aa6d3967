using System.Net.Http.Json;
using System.Text.Json;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JusticePlatform.IntegrationTests.Texts;

/// <summary>Each service's OpenAPI document gives the fields of a code list the code list's values as their enum: the same source as validation and the code-list endpoint.</summary>
public sealed class CodeListDocumentTests(FrenchAnswersTests.Platform fixture) : IClassFixture<FrenchAnswersTests.Platform>
{
    private readonly TestPlatform _platform = fixture.Platform;

    [Theory]
    [InlineData("beneficiaries")]
    [InlineData("activities")]
    [InlineData("grievances")]
    [InlineData("funding")]
    [InlineData("identity")]
    public async Task The_API_document_lists_each_code_list_as_the_enum_of_its_fields(string service)
    {
        IServiceHost host = service switch
        {
            "beneficiaries" => _platform.Beneficiaries,
            "activities" => _platform.Activities!,
            "grievances" => _platform.Grievances!,
            "funding" => _platform.Funding!,
            _ => _platform.Identity,
        };
        using var client = host.CreateHttpClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var lists = host.Services.GetRequiredService<CodeListCatalog>().Lists;
        var qualified = host.Services.GetRequiredService<IOptions<OpenApiCodeLists>>().Value.Lists.Keys.Where(key => key.Contains('.')).ToHashSet();

        var unused = new List<string>();
        foreach (var list in lists)
        {
            var enums = list.Fields.SelectMany(field => EnumsOf(document, field, qualified)).ToList();
            if (enums.Count == 0)
            {
                unused.Add(list.Name);
            }

            Assert.All(enums, values => Assert.Equal(list.ToList(), values));
        }

        Assert.True(unused.Count == 0, $"code lists of {service} that no field of the document takes: {string.Join(", ", unused)}");
    }

    /// <summary>
    /// The enums of the properties (or query parameters, whose names may be capitalised) named <paramref name="field"/> ("sex", or "ActivityRequest.type"),
    /// but for a plain name not those a list of their own names (<paramref name="qualified"/>: "StatisticsResponse.scope").
    /// </summary>
    private static IEnumerable<List<string>> EnumsOf(JsonElement document, string field, HashSet<string> qualified)
    {
        var (type, name) = field.Contains('.') ? (field[..field.IndexOf('.')], field[(field.IndexOf('.') + 1)..]) : (null, field);
        if (document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var schemas))
        {
            foreach (var schema in schemas.EnumerateObject().Where(s => type is null ? !qualified.Contains($"{s.Name}.{name}") : s.Name == type))
            {
                if (schema.Value.TryGetProperty("properties", out var properties) && properties.TryGetProperty(name, out var property)
                    && Enum(property) is { } values)
                {
                    yield return values;
                }
            }
        }

        if (type is not null)
        {
            yield break;
        }

        foreach (var operation in document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()))
        {
            if (operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("parameters", out var parameters))
            {
                foreach (var parameter in parameters.EnumerateArray().Where(p => p.TryGetProperty("name", out var n) && string.Equals(n.GetString(), name, StringComparison.OrdinalIgnoreCase)))
                {
                    if (parameter.TryGetProperty("schema", out var schema) && Enum(schema) is { } values)
                    {
                        yield return values;
                    }
                }
            }
        }
    }

    private static List<string>? Enum(JsonElement schema)
    {
        if (schema.TryGetProperty("items", out var items))
        {
            schema = items;
        }

        return schema.TryGetProperty("enum", out var values)
            ? values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : null;
    }
}
