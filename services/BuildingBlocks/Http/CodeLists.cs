using System.Collections;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.BuildingBlocks.Http;

/// <summary>One accepted code of a code list and its English label (other languages: the text catalogues).</summary>
public sealed record Code(string Value, string Label);

/// <summary>
/// A code list: the values a field accepts, each with a label. The one source of what validation
/// accepts (it is a list of the codes), of the service's code-list endpoint and of the OpenAPI
/// enums of <see cref="Fields"/> (JSON names, or "Type.name" where a name means other lists elsewhere).
/// </summary>
public sealed class CodeList : IReadOnlyList<string>
{
    private readonly string[] _values;

    public CodeList(string name, IReadOnlyList<string> fields, params (string Value, string Label)[] codes)
    {
        Name = name;
        Fields = fields;
        Codes = codes.Select(c => new Code(c.Value, c.Label)).ToArray();
        _values = codes.Select(c => c.Value).ToArray();
    }

    public CodeList(string name, params (string Value, string Label)[] codes) : this(name, [name], codes)
    {
    }

    public string Name { get; }

    public IReadOnlyList<string> Fields { get; }

    public IReadOnlyList<Code> Codes { get; }

    public int Count => _values.Length;

    public string this[int index] => _values[index];

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The same codes, named for another field ("category" takes vulnerabilities and roles).</summary>
    public static CodeList Union(string name, IReadOnlyList<string> fields, params CodeList[] lists) =>
        new(name, fields, lists.SelectMany(l => l.Codes).Select(c => (c.Value, c.Label)).ToArray());
}

/// <summary>A code list as the code-list endpoint answers it: each value with its label in English, in French and in the request's language.</summary>
public sealed record CodeListResponse(string Name, IReadOnlyList<CodeValue> Values);

public sealed record CodeValue(string Value, string En, string Fr, string Label);

/// <summary>The code lists of one service.</summary>
public sealed class CodeListCatalog(IReadOnlyList<CodeList> lists)
{
    public IReadOnlyList<CodeList> Lists { get; } = lists;

    public static CodeListResponse Describe(CodeList list, string language) => new(list.Name, list.Codes
        .Select(code => new CodeValue(code.Value, code.Label, TextCatalogue.Default.Translate(code.Label, Languages.French),
            TextCatalogue.Default.Translate(code.Label, language)))
        .ToList());
}

public static class CodeListsApi
{
    /// <summary>Registers the service's code lists: for its code-list endpoint, and as the enums of its OpenAPI document.</summary>
    public static TBuilder AddCodeLists<TBuilder>(this TBuilder builder, params CodeList[] lists) where TBuilder : IHostApplicationBuilder
    {
        var duplicate = lists.GroupBy(l => l.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two code lists are named '{duplicate.Key}'.");
        }

        builder.Services.AddSingleton(new CodeListCatalog(lists));
        builder.Services.Configure<OpenApiCodeLists>(openApi =>
        {
            // The audit trail every service answers.
            openApi.Add("AuditEntry.outcome", Audit.AuditEntry.Outcomes);
            foreach (var list in lists)
            {
                foreach (var field in list.Fields)
                {
                    openApi.Add(field, list);
                }
            }
        });
        return builder;
    }

    /// <summary>GET {prefix}/code-lists and {prefix}/code-lists/{name}: every value a field of the service accepts, with its labels.</summary>
    public static IEndpointRouteBuilder MapCodeListsApi(this IEndpointRouteBuilder app, string prefix)
    {
        var service = prefix.TrimEnd('/').Split('/')[^1];
        service = char.ToUpperInvariant(service[0]) + service[1..];
        var group = app.MapGroup($"{prefix}/code-lists").WithTags("Code lists");
        group.MapGet("/", List).RequireAnyPartnerToken()
            .WithName($"List{service}CodeLists").WithSummary("Every code list of the service: each accepted value with its English and French labels");
        group.MapGet("/{name}", Get).RequireAnyPartnerToken()
            .WithName($"Get{service}CodeList").WithSummary("One code list: each accepted value with its English and French labels");
        return app;
    }

    // Reference data, the same for every partner and a few dozen lists at most: answered whole, not paged.
    private static Ok<List<CodeListResponse>> List(CodeListCatalog catalog, HttpContext context) =>
        TypedResults.Ok(catalog.Lists.Select(list => CodeListCatalog.Describe(list, Languages.Of(context))).ToList());

    private static Results<Ok<CodeListResponse>, NotFound> Get(string name, CodeListCatalog catalog, HttpContext context) =>
        catalog.Lists.FirstOrDefault(list => list.Name == name) is { } list
            ? TypedResults.Ok(CodeListCatalog.Describe(list, Languages.Of(context)))
            : TypedResults.NotFound();
}
