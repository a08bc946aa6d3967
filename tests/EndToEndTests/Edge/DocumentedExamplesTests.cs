using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests.Edge;

public sealed class DocumentedExamplesFixture : PlatformFixture
{
    protected override PlatformOptions Options => new() { Gateway = true, Grievances = true, Funding = true };
}

/// <summary>
/// A partner's developer sends the request examples of the gathered document as they are, in a
/// partner of their own, and every one is accepted. The examples are sent in the document's order;
/// one that names a record another example creates (a path parameter, or a member "…Id" holding
/// an id) waits until that record exists and names it instead of the placeholder. The partner ids
/// of the examples are two fresh partners: "amss" is the caller, "stop-sahel" the other one.
/// </summary>
public sealed class DocumentedExamplesTests(DocumentedExamplesFixture fixture) : IClassFixture<DocumentedExamplesFixture>
{
    private const string ExampleCaller = "amss";
    private const string ExampleOtherPartner = "stop-sahel";
    private const string ExampleClientId = "amss-3f9c2a";
    private const string ExampleClientSecret = "s3cr3t-shown-once-9b1e7d";
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(30);

    private readonly TestPlatform _platform = fixture.Platform;

    [Fact]
    public async Task Every_documented_request_example_is_accepted_in_a_fresh_partner()
    {
        using var gateway = _platform.Raw();
        var document = await GatheredDocument.ReadAsync(gateway);
        var run = new Run(_platform, document, "ex-" + Guid.NewGuid().ToString("N")[..8], "ex-" + Guid.NewGuid().ToString("N")[..8]);
        await run.StartAsync();

        var pending = Examples(document).ToList();
        Assert.True(pending.Count > 40, $"Only {pending.Count} request examples in the document.");
        var failures = new List<string>();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(run.IsReady);
            if (next is null)
            {
                failures.AddRange(pending.Select(e => $"{e.Name}: waits for {string.Join(", ", run.Missing(e))}, which no accepted example created"));
                break;
            }

            pending.Remove(next);
            if (await run.SendAsync(next) is { } failure)
            {
                failures.Add($"{next.Name}: {failure}");
            }
        }

        Assert.True(failures.Count == 0, "Refused documented examples:\n" + string.Join("\n", failures));
    }

    private sealed record Example(string Path, string Method, string OperationId, string MediaType, JsonNode Body, JsonObject Operation)
    {
        public string Name => $"{OperationId} ({MediaType})";
    }

    private static IEnumerable<Example> Examples(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject().Where(o => o.Key is "post" or "put" or "patch" or "delete")
        from media in operation.Value!["requestBody"]?["content"]?.AsObject() ?? []
        where media.Value!["example"] is not null
        select new Example(path.Key, operation.Key, (string)operation.Value!["operationId"]!, media.Key, media.Value!["example"]!.DeepClone(),
            operation.Value!.AsObject());

    /// <summary>The records created so far, by resource name ("program", "budgetLine"), and the clients of the two partners.</summary>
    private sealed class Run(TestPlatform platform, JsonObject document, string caller, string otherPartner)
    {
        private readonly Dictionary<string, string> _created = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal) { [ExampleCaller] = caller, [ExampleOtherPartner] = otherPartner };
        private readonly HashSet<string> _creatable = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _etags = new(StringComparer.OrdinalIgnoreCase);
        private HttpClient _admin = null!;
        private HttpClient? _caller;
        private HttpClient? _other;

        public async Task StartAsync()
        {
            _admin = await platform.AdministratorAsync();
            foreach (var path in document["paths"]!.AsObject().Where(p => p.Value!["post"] is not null))
            {
                _creatable.Add(CreatedBy(path.Key));
            }

            // Records no example creates: made the way a partner's work makes them.
            _creatable.Add("merged");
            _creatable.Add("unbookedExpenditure");
        }

        public IEnumerable<string> Missing(Example example) => Needs(example).Where(need => !_created.ContainsKey(need));

        public bool IsReady(Example example) => !Missing(example).Any() || Missing(example).All(ProvidedOnDemand);

        private static bool ProvidedOnDemand(string resource) => resource is "merged" or "unbookedExpenditure";

        /// <summary>The records an example names: its path parameters, and its members "…Id"/"…Ids" holding ids of records some example creates.</summary>
        private IEnumerable<string> Needs(Example example)
        {
            var needs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (CreatedBy(example.Path) != "partner")
            {
                needs.Add("partner");
            }

            foreach (var parameter in Parameters(example.Path))
            {
                needs.Add(parameter.Resource);
            }

            foreach (var (member, _) in IdMembers(RowsOf(example)))
            {
                if (ResourceOf(member) is { } resource)
                {
                    needs.Add(resource);
                }
            }

            return needs;
        }

        public async Task<string?> SendAsync(Example example)
        {
            string path;
            HttpContent content;
            string? ifMatch;
            var client = ClientFor(example);
            try
            {
                path = await PathOfAsync(example.Path);
                content = await ContentOfAsync(example);
                ifMatch = await IfMatchAsync(example, path, client);
            }
            catch (InvalidOperationException preparation)
            {
                return preparation.Message;
            }
            var body = await content.ReadAsByteArrayAsync();
            var mediaType = content.Headers.ContentType!;

            HttpResponseMessage response;
            async Task<HttpResponseMessage> SendOnceAsync()
            {
                var request = new HttpRequestMessage(new HttpMethod(example.Method.ToUpperInvariant()), path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = mediaType;
                if (ifMatch is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
                }

                return await client.SendAsync(request);
            }

            try
            {
                // A record of another service (a program in Funding, a beneficiary in Activities) reaches it by event: 404 or 422 until it has.
                response = await Eventually.ReturnsAsync(SendOnceAsync,
                    r => r.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity or HttpStatusCode.TooManyRequests),
                    ProjectionWait, $"{example.Name} to be accepted", TimeSpan.FromMilliseconds(500));
            }
            catch (TimeoutException)
            {
                response = await SendOnceAsync();
            }

            if (response.StatusCode == HttpStatusCode.PreconditionRequired && ifMatch is null && RecordOf(example.Path) is { } record)
            {
                // If-Match the document does not name yet: sent as the 428 asks, so the example's body is what is judged here.
                var read = await client.GetAsync(string.Join('/', path.Split('/').Take(record.Template.Split('/').Length)));
                ifMatch = read.Headers.ETag?.ToString() ?? _etags.GetValueOrDefault(record.Resource);
                response = await SendOnceAsync();
            }

            var answer = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                return $"{(int)response.StatusCode} {answer}";
            }

            // The answer's ETag is the version of the record it created, else of the record the path names.
            var created = await RememberAsync(example, answer);
            if (response.Headers.ETag is { } etag && (created ?? RecordOf(example.Path)?.Resource) is { } about)
            {
                _etags[about] = etag.ToString();
            }

            return null;
        }

        /// <summary>Remembers the record a create made; returns its resource, or null when the operation created none.</summary>
        private async Task<string?> RememberAsync(Example example, string answer)
        {
            if (example.Method != "post" || !answer.StartsWith('{'))
            {
                return null;
            }

            var resource = CreatedBy(example.Path);
            var created = false;
            if (JsonNode.Parse(answer)?["id"] is JsonValue id && !_created.ContainsKey(resource))
            {
                _created[resource] = id.ToString();
                created = true;
            }

            if (created && resource == "partner")
            {
                // The caller's own client, with every scope a partner may hold; the documented client's id and secret stand for it.
                var scopes = Scopes.All.Where(scope => scope != Scopes.Admin).ToArray();
                var issued = await _admin.RegisterClientAsync(caller, scopes);
                _values[ExampleClientId] = issued.ClientId;
                _values[ExampleClientSecret] = issued.ClientSecret;
                _caller = await ClientOfAsync(issued);
                var other = await _admin.RegisterClientAsync(otherPartner, scopes);
                _other = await ClientOfAsync(other);
                await platform.WaitForKnownPartnersAsync([caller, otherPartner], enabled: true);
            }

            return created ? resource : null;
        }

        private async Task<HttpClient> ClientOfAsync(EdgeClients.IssuedClient issued)
        {
            var client = platform.Raw();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await client.TokenAsync(issued.ClientId, issued.ClientSecret));
            return client;
        }

        /// <summary>The administrator for operations that need the admin scope; nobody's token where none is needed; else the caller (the receiver of a referral for what only it may do).</summary>
        private HttpClient ClientFor(Example example)
        {
            var security = example.Operation["security"]?.AsArray();
            if (security is { Count: 0 })
            {
                return platform.Raw();
            }

            if (security is not null && security.Any(requirement => requirement!.AsObject().Any(s => s.Value!.AsArray().Any(scope => (string?)scope == Scopes.Admin))))
            {
                return _admin;
            }

            return example.OperationId == "RecordReferralRedress" ? _other! : _caller!;
        }

        private async Task<string> PathOfAsync(string template)
        {
            var path = template;
            foreach (var parameter in Parameters(template))
            {
                path = path.Replace("{" + parameter.Name + "}", await IdOfAsync(parameter.Resource), StringComparison.Ordinal);
            }

            if (template == "/api/v1/grievances/referrals/{id}/redress")
            {
                // Only the receiver records redress, on a referral it accepted.
                var accepted = await _other!.PostAsync($"/api/v1/grievances/referrals/{_created["referral"]}/accept", null);
                if (!accepted.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"the receiver could not accept the referral: {(int)accepted.StatusCode}");
                }
            }

            return path;
        }

        private async Task<HttpContent> ContentOfAsync(Example example)
        {
            var body = example.Body.DeepClone();
            if (body is JsonValue text && text.TryGetValue<string>(out var file))
            {
                // A file: an upload's rows name records by column ("programId"), as the JSON members do.
                return new StringContent(await FileOfAsync(file, example.MediaType), Encoding.UTF8, example.MediaType);
            }

            body = await SubstituteAsync(body, null);
            if (example.MediaType == "application/x-www-form-urlencoded")
            {
                return new FormUrlEncodedContent(body!.AsObject().Where(m => m.Value is not null).Select(m => KeyValuePair.Create(m.Key, m.Value!.ToString())));
            }

            return new StringContent(body?.ToJsonString() ?? "null", Encoding.UTF8, example.MediaType);
        }

        private async Task<string> FileOfAsync(string file, string mediaType)
        {
            if (mediaType == "application/json")
            {
                return (await SubstituteAsync(JsonNode.Parse(file), null))!.ToJsonString();
            }

            if (mediaType == "text/csv")
            {
                var lines = file.Split('\n');
                var header = lines[0].Split(',');
                for (var row = 1; row < lines.Length; row++)
                {
                    var cells = lines[row].Split(',');
                    for (var i = 0; i < cells.Length && i < header.Length; i++)
                    {
                        var value = await SubstituteAsync(JsonValue.Create(cells[i]), header[i]);
                        cells[i] = value!.GetValue<string>();
                    }

                    lines[row] = string.Join(',', cells);
                }

                return string.Join('\n', lines);
            }

            return file;
        }

        /// <summary>The example with the fresh partners' ids and the created records' ids in place of the documented ones.</summary>
        private async Task<JsonNode?> SubstituteAsync(JsonNode? node, string? member)
        {
            switch (node)
            {
                case JsonObject members:
                    foreach (var (name, value) in members.ToList())
                    {
                        members[name] = await SubstituteAsync(value, name);
                    }

                    return members;
                case JsonArray items:
                    for (var i = 0; i < items.Count; i++)
                    {
                        items[i] = await SubstituteAsync(items[i]?.DeepClone(), member);
                    }

                    return items;
                case JsonValue value when value.TryGetValue<string>(out var text):
                    if (_values.TryGetValue(text, out var replacement))
                    {
                        return JsonValue.Create(replacement);
                    }

                    if (member is not null && Guid.TryParse(text, out _) && ResourceOf(member) is { } resource)
                    {
                        return JsonValue.Create(await IdOfAsync(resource));
                    }

                    return value;
                default:
                    return node;
            }
        }

        private async Task<string> IdOfAsync(string resource)
        {
            if (resource == "partner")
            {
                return caller;
            }

            if (_created.TryGetValue(resource, out var id))
            {
                return id;
            }

            return resource switch
            {
                "merged" => await DuplicateBeneficiaryAsync(),
                "unbookedExpenditure" => await UnbookedExpenditureAsync(),
                _ => throw new InvalidOperationException($"no {resource} was created"),
            };
        }

        /// <summary>A second registration of the documented beneficiary, to merge into the first.</summary>
        private async Task<string> DuplicateBeneficiaryAsync()
        {
            var registration = Examples(document).First(e => e.OperationId == "RegisterBeneficiary" && e.MediaType == "application/json");
            var response = await _caller!.PostAsync("/api/v1/beneficiaries", await ContentOfAsync(registration));
            var answer = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode
                ? (string)JsonNode.Parse(answer)!["id"]!
                : throw new InvalidOperationException($"the second beneficiary to merge was refused: {(int)response.StatusCode} {answer}");
        }

        /// <summary>
        /// A cost Funding could not book: the documented activity, created again and completed with
        /// its documented actual cost and no budget line. Each call makes a new one (one is assigned, another dismissed).
        /// </summary>
        private async Task<string> UnbookedExpenditureAsync()
        {
            var create = Examples(document).First(e => e.OperationId == "CreateActivity");
            var created = await _caller!.PostAsync("/api/v1/activities", await ContentOfAsync(create));
            var activity = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
            if (!created.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"the activity whose cost is unbooked was refused: {(int)created.StatusCode} {activity.ToJsonString()}");
            }

            var activityId = (string)activity["id"]!;
            var complete = Examples(document).First(e => e.OperationId == "CompleteActivity");
            using var completion = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/activities/{activityId}/complete") { Content = await ContentOfAsync(complete) };
            completion.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag?.ToString());
            var completed = await _caller.SendAsync(completion);
            if (!completed.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"the activity whose cost is unbooked could not be completed: {(int)completed.StatusCode}");
            }

            var programId = (string)activity["programId"]!;
            var unbooked = await Eventually.ReturnsAsync(
                async () => JsonNode.Parse(await _caller.GetStringAsync($"/api/v1/funding/programs/{programId}/unbooked-expenditures?pageSize=100"))!,
                page => Items(page).Any(item => (string?)item!["activityId"] == activityId), ProjectionWait,
                "Funding to list the completed activity's cost as unbooked", TimeSpan.FromMilliseconds(500));
            return (string)Items(unbooked).First(item => (string?)item!["activityId"] == activityId)!["id"]!;

            static JsonArray Items(JsonNode page) => page as JsonArray ?? page["items"]!.AsArray();
        }

        /// <summary>
        /// The record's current ETag where the document says the operation takes If-Match: read from
        /// the record's GET when the document has one, else the ETag of the last answer about it.
        /// </summary>
        private async Task<string?> IfMatchAsync(Example example, string path, HttpClient client)
        {
            var takesIfMatch = example.Operation["parameters"]?.AsArray()
                .Any(p => string.Equals((string?)p!["name"], "If-Match", StringComparison.OrdinalIgnoreCase)) == true;
            if (!takesIfMatch || RecordOf(example.Path) is not { } record)
            {
                return null;
            }

            if (document["paths"]![record.Template]?["get"] is not null)
            {
                var concrete = string.Join('/', path.Split('/').Take(record.Template.Split('/').Length));
                var read = await client.GetAsync(concrete);
                if (read.Headers.ETag is { } etag)
                {
                    return etag.ToString();
                }
            }

            return _etags.TryGetValue(record.Resource, out var remembered)
                ? remembered
                : throw new InvalidOperationException($"no ETag of the {record.Resource} to send in If-Match");
        }

        /// <summary>The record an operation on this path is about: the path up to its last parameter, and the resource that parameter names.</summary>
        private (string Template, string Resource)? RecordOf(string template)
        {
            var segments = template.Split('/');
            var last = Array.FindLastIndex(segments, segment => segment.StartsWith('{'));
            if (last < 0)
            {
                return null;
            }

            var recordTemplate = string.Join('/', segments.Take(last + 1));
            return (recordTemplate, Parameters(recordTemplate).Last().Resource);
        }

        /// <summary>The resource a POST on this path creates: the last literal segment, singular ("budget-lines" → budgetLine).</summary>
        private static string CreatedBy(string path) => Singular(path.Split('/').Last(segment => !segment.StartsWith('{')));

        /// <summary>The path's parameters and the resource each names: "{id}" the segment before it, "{lineId}" the created resource it ends ("budgetLine").</summary>
        private IEnumerable<(string Name, string Resource)> Parameters(string path)
        {
            var segments = path.Split('/');
            for (var i = 1; i < segments.Length; i++)
            {
                if (segments[i].StartsWith('{'))
                {
                    var name = segments[i].Trim('{', '}');
                    var resource = name == "id" ? Singular(segments[i - 1]) : ResourceOf(name) ?? name[..^2];
                    yield return (name, resource);
                }
            }
        }

        /// <summary>The created resource a member "…Id" or "…Ids" names: the longest one its stem ends with ("funderOrganisationId" → organisation).</summary>
        private string? ResourceOf(string member)
        {
            var stem = member.EndsWith("Ids", StringComparison.Ordinal) ? member[..^3]
                : member.EndsWith("Id", StringComparison.Ordinal) ? member[..^2]
                : null;
            if (string.IsNullOrEmpty(stem))
            {
                return null;
            }

            return _creatable.Where(resource => stem.EndsWith(resource, StringComparison.OrdinalIgnoreCase) || resource.EndsWith(stem, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(resource => resource.Length).FirstOrDefault();
        }

        /// <summary>The example's members; for an upload, its rows (JSON, or CSV whose header names the columns).</summary>
        private static JsonNode? RowsOf(Example example)
        {
            if (example.Body is not JsonValue value || !value.TryGetValue<string>(out var file))
            {
                return example.Body;
            }

            return example.MediaType switch
            {
                "application/json" => JsonNode.Parse(file),
                "text/csv" => new JsonObject(file.Split('\n')[0].Split(',')
                    .Select(column => KeyValuePair.Create(column, (JsonNode?)JsonValue.Create(Guid.Empty.ToString())))),
                _ => null,
            };
        }

        private static IEnumerable<(string Member, JsonNode Value)> IdMembers(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject members:
                    foreach (var (name, value) in members)
                    {
                        if (value is JsonValue v && v.TryGetValue<string>(out var text) && Guid.TryParse(text, out _)
                            || value is JsonArray items && items.Any(item => item is JsonValue i && i.TryGetValue<string>(out var t) && Guid.TryParse(t, out _)))
                        {
                            yield return (name, value!);
                        }
                        else
                        {
                            foreach (var inner in IdMembers(value))
                            {
                                yield return inner;
                            }
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var inner in array.SelectMany(IdMembers))
                    {
                        yield return inner;
                    }

                    break;
            }
        }

        private static string Singular(string segment)
        {
            var words = segment.Split('-');
            var name = words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
            return name.EndsWith("ies", StringComparison.Ordinal) ? name[..^3] + "y"
                : name.EndsWith('s') ? name[..^1]
                : name;
        }
    }
}
