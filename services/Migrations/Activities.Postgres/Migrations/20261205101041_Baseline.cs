using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Activities.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The column defaults below are not in the model: the squashed migrations left them (the values their
            // AddColumn gave existing rows), and inserts written in SQL may leave those columns out.
            migrationBuilder.CreateTable(
                name: "activities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ResultIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    IndicatorIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    CommunePcode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    PlannedStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PlannedEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    ActualStart = table.Column<DateOnly>(type: "date", nullable: true),
                    ActualEnd = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PlannedCost_Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    PlannedCost_Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    PlannedCost_ValueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ActualCost_Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    ActualCost_Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    ActualCost_ValueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    BudgetLineId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_activities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "aggregate_reach",
                columns: table => new
                {
                    ActivityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    AgeBand = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Disability = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, defaultValue: "no"),
                    DisplacementStatus = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aggregate_reach", x => new { x.ActivityId, x.Sex, x.AgeBand, x.Disability, x.DisplacementStatus });
                });

            migrationBuilder.CreateTable(
                name: "attendance",
                columns: table => new
                {
                    ActivityId = table.Column<Guid>(type: "uuid", nullable: false),
                    BeneficiaryId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attendance", x => new { x.ActivityId, x.BeneficiaryId });
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ClientId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Resource = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ResourceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CorrelationId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "grievance_outcomes",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: true),
                    RedressKind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    RedressDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CommunePcode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    Sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    AgeBand = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    SourceVersion = table.Column<long>(type: "bigint", nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_grievance_outcomes", x => x.CaseId);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Location = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ETag = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Body = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_records", x => new { x.PartnerId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "imports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Format = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ImportStrategy = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ImportMode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AtomicMode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Payload = table.Column<byte[]>(type: "bytea", nullable: false),
                    TotalRows = table.Column<int>(type: "integer", nullable: false),
                    ProcessedRows = table.Column<int>(type: "integer", nullable: false),
                    ResumeAfterRow = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    Today = table.Column<DateOnly>(type: "date", nullable: true),
                    Created = table.Column<int>(type: "integer", nullable: false),
                    Updated = table.Column<int>(type: "integer", nullable: false),
                    Ignored = table.Column<int>(type: "integer", nullable: false),
                    Flagged = table.Column<int>(type: "integer", nullable: false),
                    ErrorsJson = table.Column<string>(type: "text", nullable: true),
                    ErrorCountsJson = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LeaseToken = table.Column<Guid>(type: "uuid", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => new { x.MessageId, x.Consumer });
                });

            migrationBuilder.CreateTable(
                name: "indicators",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    ResultId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Measure = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Ascending = table.Column<bool>(type: "boolean", nullable: false),
                    BaselineYear = table.Column<int>(type: "integer", nullable: true),
                    BaselineValue = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Dimensions = table.Column<List<string>>(type: "text[]", nullable: false),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    NumeratorId = table.Column<Guid>(type: "uuid", nullable: true),
                    DenominatorId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_indicators", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "known_beneficiaries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    BirthYear = table.Column<int>(type: "integer", nullable: true),
                    HasDisability = table.Column<bool>(type: "boolean", nullable: false),
                    DisplacementStatus = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CommunePcode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SourceVersion = table.Column<long>(type: "bigint", nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MergedIntoId = table.Column<Guid>(type: "uuid", nullable: true),
                    ErasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MemberIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false, defaultValueSql: "'{}'::uuid[]"),
                    MemberCounts = table.Column<string>(type: "jsonb", nullable: true, defaultValueSql: "'[]'::jsonb")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_beneficiaries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "known_partners",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    SourceVersion = table.Column<long>(type: "bigint", nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_partners", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "manual_values",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IndicatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    PeriodId = table.Column<Guid>(type: "uuid", nullable: false),
                    Value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    EnteredBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EnteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "accepted"),
                    ReviewedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_manual_values", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "objectives",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_objectives", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageType = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TraceParent = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    CorrelationId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    ReadFailures = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DeadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "program_budgets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    GrantId = table.Column<Guid>(type: "uuid", nullable: true),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    BudgetType = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    BudgetStatus = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ValueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    SourceVersion = table.Column<long>(type: "bigint", nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_program_budgets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "program_grants",
                columns: table => new
                {
                    GrantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Readers = table.Column<List<string>>(type: "text[]", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false),
                    Spent = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: false),
                    SourceVersion = table.Column<long>(type: "bigint", nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_program_grants", x => x.GrantId);
                });

            migrationBuilder.CreateTable(
                name: "program_revisions",
                columns: table => new
                {
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_program_revisions", x => x.ProgramId);
                });

            migrationBuilder.CreateTable(
                name: "program_transactions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    GrantId = table.Column<Guid>(type: "uuid", nullable: true),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    TypeCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ValueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ProviderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ProviderRef = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReceiverName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReceiverRef = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_program_transactions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "programs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    TitleFr = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    DescriptionFr = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    DescriptionEn = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ReportingOrgRef = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    IatiIdentifier = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    FunderIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    SectorCodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    CommunePcodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_programs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "projected_budget_lines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    GrantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ResultId = table.Column<Guid>(type: "uuid", nullable: true),
                    Open = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_projected_budget_lines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "projected_grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    RecipientPartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ChargingPartnerIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    SourceVersion = table.Column<long>(type: "bigint", nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_projected_grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reached_records",
                columns: table => new
                {
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    IndicatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunePcode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    BeneficiaryId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false, defaultValue: new Guid("00000000-0000-0000-0000-000000000000")),
                    FirstEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    LastEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reached_records", x => new { x.ProgramId, x.IndicatorId, x.CommunePcode, x.PartnerId, x.Type, x.BeneficiaryId });
                });

            migrationBuilder.CreateTable(
                name: "record_shares",
                columns: table => new
                {
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SharedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SharedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_shares", x => new { x.RecordId, x.PartnerId });
                });

            migrationBuilder.CreateTable(
                name: "reporting_periods",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    Label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: false),
                    LockedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reporting_periods", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "results",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    ObjectiveId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_results", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "indicator_targets",
                columns: table => new
                {
                    IndicatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    PeriodId = table.Column<Guid>(type: "uuid", nullable: false),
                    Dimension = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DimensionValue = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_indicator_targets", x => new { x.IndicatorId, x.PeriodId, x.Dimension, x.DimensionValue });
                    table.ForeignKey(
                        name: "FK_indicator_targets_indicators_IndicatorId",
                        column: x => x.IndicatorId,
                        principalTable: "indicators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "program_members",
                columns: table => new
                {
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "accepted")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_program_members", x => new { x.ProgramId, x.PartnerId });
                    table.ForeignKey(
                        name: "FK_program_members_programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_activities_PartnerId_CreatedAt",
                table: "activities",
                columns: new[] { "PartnerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_activities_ProgramId_Status_ActualEnd",
                table: "activities",
                columns: new[] { "ProgramId", "Status", "ActualEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_attendance_BeneficiaryId",
                table: "attendance",
                column: "BeneficiaryId");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_PartnerId_At",
                table: "audit_entries",
                columns: new[] { "PartnerId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Resource_ResourceId",
                table: "audit_entries",
                columns: new[] { "Resource", "ResourceId" });

            migrationBuilder.CreateIndex(
                name: "IX_grievance_outcomes_PartnerId_RedressDate",
                table: "grievance_outcomes",
                columns: new[] { "PartnerId", "RedressDate" });

            migrationBuilder.CreateIndex(
                name: "IX_grievance_outcomes_ProgramId_RedressDate",
                table: "grievance_outcomes",
                columns: new[] { "ProgramId", "RedressDate" });

            migrationBuilder.CreateIndex(
                name: "IX_imports_Status_CreatedAt",
                table: "imports",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_ProcessedAt",
                table: "inbox_messages",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_indicators_ProgramId_Code",
                table: "indicators",
                columns: new[] { "ProgramId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_known_beneficiaries_CommunePcode",
                table: "known_beneficiaries",
                column: "CommunePcode");

            migrationBuilder.CreateIndex(
                name: "IX_known_beneficiaries_MergedIntoId",
                table: "known_beneficiaries",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_manual_values_IndicatorId_PeriodId_EnteredAt",
                table: "manual_values",
                columns: new[] { "IndicatorId", "PeriodId", "EnteredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_objectives_ProgramId_Code",
                table: "objectives",
                columns: new[] { "ProgramId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_DeadAt",
                table: "outbox_messages",
                column: "DeadAt");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_LockedBy",
                table: "outbox_messages",
                column: "LockedBy");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_SentAt_OccurredAt",
                table: "outbox_messages",
                columns: new[] { "SentAt", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_program_budgets_ProgramId",
                table: "program_budgets",
                column: "ProgramId");

            migrationBuilder.CreateIndex(
                name: "IX_program_grants_ProgramId",
                table: "program_grants",
                column: "ProgramId");

            migrationBuilder.CreateIndex(
                name: "IX_program_members_PartnerId",
                table: "program_members",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_program_transactions_ProgramId",
                table: "program_transactions",
                column: "ProgramId");

            migrationBuilder.CreateIndex(
                name: "IX_programs_PartnerId_Code",
                table: "programs",
                columns: new[] { "PartnerId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_projected_budget_lines_GrantId",
                table: "projected_budget_lines",
                column: "GrantId");

            migrationBuilder.CreateIndex(
                name: "IX_reached_records_PersonId",
                table: "reached_records",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_reached_records_ProgramId_IndicatorId_PersonId_CommunePcode~",
                table: "reached_records",
                columns: new[] { "ProgramId", "IndicatorId", "PersonId", "CommunePcode", "PartnerId", "Type", "FirstEnd", "LastEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_record_shares_PartnerId",
                table: "record_shares",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_reporting_periods_ProgramId_Label",
                table: "reporting_periods",
                columns: new[] { "ProgramId", "Label" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_results_ProgramId_Code",
                table: "results",
                columns: new[] { "ProgramId", "Code" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activities");

            migrationBuilder.DropTable(
                name: "aggregate_reach");

            migrationBuilder.DropTable(
                name: "attendance");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "grievance_outcomes");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "imports");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "indicator_targets");

            migrationBuilder.DropTable(
                name: "known_beneficiaries");

            migrationBuilder.DropTable(
                name: "known_partners");

            migrationBuilder.DropTable(
                name: "manual_values");

            migrationBuilder.DropTable(
                name: "objectives");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "program_budgets");

            migrationBuilder.DropTable(
                name: "program_grants");

            migrationBuilder.DropTable(
                name: "program_members");

            migrationBuilder.DropTable(
                name: "program_revisions");

            migrationBuilder.DropTable(
                name: "program_transactions");

            migrationBuilder.DropTable(
                name: "projected_budget_lines");

            migrationBuilder.DropTable(
                name: "projected_grants");

            migrationBuilder.DropTable(
                name: "reached_records");

            migrationBuilder.DropTable(
                name: "record_shares");

            migrationBuilder.DropTable(
                name: "reporting_periods");

            migrationBuilder.DropTable(
                name: "results");

            migrationBuilder.DropTable(
                name: "indicators");

            migrationBuilder.DropTable(
                name: "programs");
        }
    }
}
