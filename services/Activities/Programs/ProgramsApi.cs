using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.Frameworks;
using JusticePlatform.Activities.Iati;
using JusticePlatform.Activities.Reports;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Activities.Programs;

/// <summary>
/// /api/v1/activities/programs: programs run by a consortium. The creator is the lead and invites
/// the members, registered and enabled partners only; a member that accepts reads the program,
/// its framework and its aggregate progress and records against it; no one else finds it (404).
/// </summary>
public static class ProgramsApi
{
    public static IEndpointRouteBuilder MapProgramsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/activities/programs").WithTags("Programs").Audited("program");
        api.MapPost("/", CreateAsync).RequireScope(Scopes.ActivitiesWrite).Idempotent()
            .WithName("CreateProgram").WithSummary("Create a program; the calling partner is its lead");
        api.MapGet("/", ListAsync).RequireScope(Scopes.ActivitiesRead)
            .WithName("ListPrograms").WithSummary("Programs the calling partner leads or is a member of, paged");
        api.MapGet("/invitations", ListInvitationsAsync).RequireScope(Scopes.ActivitiesRead)
            .WithName("ListProgramInvitations").WithSummary("Programs the calling partner was invited to and has not answered yet");
        api.MapPost("/{id:guid}/invitation/accept", AcceptInvitationAsync).RequireScope(Scopes.ActivitiesWrite)
            .WithName("AcceptProgramInvitation").WithSummary("Accept the lead's invitation: the partner then reads the program and records against it");
        api.MapPost("/{id:guid}/invitation/decline", DeclineInvitationAsync).RequireScope(Scopes.ActivitiesWrite)
            .WithName("DeclineProgramInvitation").WithSummary("Decline the lead's invitation to a program");
        api.MapGet("/{id:guid}", GetAsync).RequireScope(Scopes.ActivitiesRead)
            .WithName("GetProgram").WithSummary("Read a program and its consortium");
        api.MapPut("/{id:guid}", UpdateAsync).RequireScope(Scopes.ActivitiesWrite)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UpdateProgram").WithSummary("Update a program (lead only), with If-Match; a new member must be a registered, enabled partner (else 422)");
        api.MapFrameworkApi();
        api.MapReportsApi();
        api.MapIatiApi();
        app.MapGroup("/api/v1/activities/programs/iati").WithTags("Programs").Audited("program")
            .MapImportsApi(IatiImports.KindName, "IatiActivity", Scopes.ActivitiesRead, Scopes.ActivitiesWrite);
        return app;
    }

    public static async Task<Results<Created<ProgramResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ProgramRequest request, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var lead = partner.PartnerId!;
        var errors = request.Validate(lead, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await db.Programs.AnyAsync(p => p.PartnerId == lead && p.Code == request.Code, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A program with this code exists",
                detail: "Your organisation already leads a program with this code.");
        }

        var program = new ActivityProgram { Id = Guid.CreateVersion7(), PartnerId = lead, CreatedAt = clock.GetUtcNow(), Version = 1 };
        Apply(program, request);
        program.Members = request.ToMembers(program.Id, lead);
        if (await RefuseUnknownMembersAsync(db, request, program.Members.Where(m => m.PartnerId != lead), cancellationToken) is { } refused)
        {
            return refused;
        }

        // Members are invited: they read the program once they accept (AcceptInvitationAsync shares it).
        db.Programs.Add(program);
        await db.AddProgramChangedAsync(program.Id, program.CreatedAt, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        http.Response.Headers.ETag = ETags.Of(program.Version);
        return TypedResults.Created($"/api/v1/activities/programs/{program.Id}", ProgramResponse.From(program));
    }

    public static async Task<Results<Ok<PagedResult<ProgramResponse>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, ActivitiesDbContext db, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(page, pageSize, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await db.IncludingShared<ActivityProgram>().AsNoTracking().Include(p => p.Members).OrderBy(p => p.Code).ThenBy(p => p.Id).ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(result.Map(ProgramResponse.From));
    }

    public static async Task<Results<Ok<ProgramResponse>, NotFound>> GetAsync(
        Guid id, ActivitiesDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var program = await db.FindVisibleAsync(id, cancellationToken);
        if (program is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = ETags.Of(program.Version);
        return TypedResults.Ok(ProgramResponse.From(program));
    }

    public static async Task<Results<Ok<ProgramResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, ProgramRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var visible = await db.FindVisibleAsync(id, cancellationToken);
        if (visible is null)
        {
            return TypedResults.NotFound();
        }

        if (!visible.IsLead(partner.PartnerId))
        {
            return ProgramAccess.LeadOnly();
        }

        var program = (await db.FindVisibleAsync(id, cancellationToken, tracking: true))!;

        if (ConcurrentUpdate.Refusal(ifMatch, program.Version, "program") is { } precondition)
        {
            return precondition;
        }

        var errors = request.Validate(program.PartnerId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var wanted = request.ToMembers(program.Id, program.PartnerId);
        var invited = wanted.Where(w => program.Members.All(m => m.PartnerId != w.PartnerId));
        if (await RefuseUnknownMembersAsync(db, request, invited, cancellationToken) is { } refused)
        {
            return refused;
        }

        var removed = program.Members.Where(m => wanted.All(w => w.PartnerId != m.PartnerId)).Select(m => m.PartnerId).ToList();
        foreach (var member in program.Members.Where(m => removed.Contains(m.PartnerId)).ToList())
        {
            program.Members.Remove(member);
            db.ProgramMembers.Remove(member);
        }

        foreach (var member in wanted)
        {
            if (program.Members.FirstOrDefault(m => m.PartnerId == member.PartnerId) is { } existing)
            {
                existing.Role = member.Role;
            }
            else
            {
                program.Members.Add(member);
            }
        }

        Apply(program, request);
        db.RecordShares.RemoveRange(await db.RecordShares.Where(s => s.RecordId == program.Id && removed.Contains(s.PartnerId)).ToListAsync(cancellationToken));
        program.Version++;
        await db.AddProgramChangedAsync(program.Id, clock.GetUtcNow(), cancellationToken);
        if (await ConcurrentUpdate.SaveAsync(db, http, "program", program.Version, cancellationToken) is { } notSaved)
        {
            return notSaved;
        }

        return TypedResults.Ok(ProgramResponse.From(program));
    }

    /// <summary>422 naming the member field when a partner invited is not registered and enabled: an id no one holds yet would let whoever registers it later in.</summary>
    private static async Task<ProblemHttpResult?> RefuseUnknownMembersAsync(
        ActivitiesDbContext db, ProgramRequest request, IEnumerable<ProgramMember> invited, CancellationToken cancellationToken)
    {
        var notEnabled = await db.KnownPartners.NotEnabledAsync(invited.Select(m => m.PartnerId).ToList(), cancellationToken);
        return notEnabled.Count == 0 ? null : KnownPartners.NotEnabledProblem([.. notEnabled.Select(request.MemberField)]);
    }

    public static async Task<Results<Ok<PagedResult<InvitationResponse>>, ValidationProblem>> ListInvitationsAsync(
        int? page, int? pageSize, ActivitiesDbContext db, ICurrentPartner partner, CancellationToken cancellationToken)
    {
        var errors = PageRequest.Validate(page, pageSize, out var paging);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var me = partner.PartnerId!;
        // The invitation itself lets the invited partner see the program's code, title and lead, nothing more.
        var invitations = await (
                from m in db.ProgramMembers.AsNoTracking()
                join p in db.Programs.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).AsNoTracking() on m.ProgramId equals p.Id
                where m.PartnerId == me && m.Status == MemberStatus.Invited
                orderby p.Code, p.Id
                select new InvitationResponse(p.Id, p.Code, p.TitleFr, p.PartnerId, m.Role))
            .ToPageAsync(paging, cancellationToken);
        return TypedResults.Ok(invitations);
    }

    public static Task<Results<Ok<MemberResponse>, NotFound, ProblemHttpResult>> AcceptInvitationAsync(
        Guid id, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken) =>
        AnswerInvitationAsync(id, MemberStatus.Accepted, db, partner, clock, cancellationToken);

    public static Task<Results<Ok<MemberResponse>, NotFound, ProblemHttpResult>> DeclineInvitationAsync(
        Guid id, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken) =>
        AnswerInvitationAsync(id, MemberStatus.Declined, db, partner, clock, cancellationToken);

    /// <summary>The invited partner answers for itself; a program it was not invited to (or already answered) is not found.</summary>
    private static async Task<Results<Ok<MemberResponse>, NotFound, ProblemHttpResult>> AnswerInvitationAsync(
        Guid id, string answer, ActivitiesDbContext db, ICurrentPartner partner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = partner.PartnerId!;
        var member = await db.ProgramMembers.FirstOrDefaultAsync(m => m.ProgramId == id && m.PartnerId == me && m.Status == MemberStatus.Invited, cancellationToken);
        if (member is null)
        {
            return TypedResults.NotFound();
        }

        member.Status = answer;
        if (answer == MemberStatus.Accepted)
        {
            // The lead invited it, and it accepted: the share is the lead's, given now.
            var lead = await db.Programs.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]).Where(p => p.Id == id).Select(p => p.PartnerId).FirstAsync(cancellationToken);
            db.RecordShares.Add(new RecordShare(id, me, lead, clock.GetUtcNow()));
            await db.AddProgramChangedAsync(id, clock.GetUtcNow(), cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ProgramEvents.ChangedMeanwhile();
        }

        return TypedResults.Ok(new MemberResponse(member.PartnerId, member.Role, member.Status));
    }

    private static void Apply(ActivityProgram program, ProgramRequest request)
    {
        program.Code = request.Code!;
        program.TitleFr = request.TitleFr!;
        program.TitleEn = request.TitleEn;
        program.DescriptionFr = request.DescriptionFr;
        program.DescriptionEn = request.DescriptionEn;
        program.ReportingOrgRef = request.ReportingOrgRef;
        program.IatiIdentifier = request.IatiIdentifier ?? (request.ReportingOrgRef is { } org ? $"{org}-{request.Code}" : null);
        program.FunderIds = [.. request.FunderIds ?? []];
        program.SectorCodes = [.. request.SectorCodes ?? []];
        program.CommunePcodes = [.. request.CommunePcodes ?? []];
        program.StartDate = request.StartDate!.Value;
        program.EndDate = request.EndDate!.Value;
        program.Status = request.Status ?? "active";
    }
}
