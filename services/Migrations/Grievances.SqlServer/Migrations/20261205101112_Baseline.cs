using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Grievances.Migrations.SqlServer
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
                name: "audit_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ClientId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Resource = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ResourceId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Action = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    CorrelationId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    StatusCode = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_status_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FromStatus = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    ToStatus = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    ChangedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_status_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SurvivorCode = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    BeneficiaryHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    BeneficiaryCipher = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ErasedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Sex = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    AgeAtRegistration = table.Column<int>(type: "int", nullable: true),
                    AgeBand = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    RiskLevel = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    CaseWorker = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ProgramId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    IdentityCipher = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ContactCipher = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ConsentForServices = table.Column<bool>(type: "bit", nullable: false),
                    ConsentForReferral = table.Column<bool>(type: "bit", nullable: false),
                    ConsentForReporting = table.Column<bool>(type: "bit", nullable: false),
                    ConsentRecordedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ConsentRecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    RedressStatus = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    RedressKind = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    RedressDate = table.Column<DateOnly>(type: "date", nullable: true),
                    OpenedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    RequestHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StatusCode = table.Column<int>(type: "int", nullable: true),
                    ContentType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Location = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    ETag = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Body = table.Column<byte[]>(type: "varbinary(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_records", x => new { x.PartnerId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Consumer = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => new { x.MessageId, x.Consumer });
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Type = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    DateIsApproximate = table.Column<bool>(type: "bit", nullable: false),
                    RegionPcode = table.Column<string>(type: "nvarchar(4)", maxLength: 4, nullable: false),
                    CommunePcode = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    PerpetratorCategory = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    NarrativeCipher = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    MonitoredIncidentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "key_rotations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Total = table.Column<int>(type: "int", nullable: false),
                    Done = table.Column<int>(type: "int", nullable: false),
                    Error = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_key_rotations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "known_beneficiaries",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ErasedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_beneficiaries", x => x.Hash);
                });

            migrationBuilder.CreateTable(
                name: "known_partners",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Enabled = table.Column<bool>(type: "bit", nullable: false),
                    SourceVersion = table.Column<long>(type: "bigint", nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_partners", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "known_programs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    LeadPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    MemberPartnerIds = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    SourceVersion = table.Column<long>(type: "bigint", nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_programs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "legacy_beneficiary_links",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    BeneficiaryId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_legacy_beneficiary_links", x => x.CaseId);
                });

            migrationBuilder.CreateTable(
                name: "monitored_incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Type = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    RegionPcode = table.Column<string>(type: "nvarchar(4)", maxLength: 4, nullable: false),
                    CommunePcode = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: true),
                    PerpetratorCategory = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    ConsentForReporting = table.Column<bool>(type: "bit", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitored_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    MessageType = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    TraceParent = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    CorrelationId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    ReadFailures = table.Column<int>(type: "int", nullable: false, defaultValue: 0),
                    LastError = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    DeadAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LockedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    LockedUntil = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FromPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ToPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ExternalBodyKind = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    ExternalBodyName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ServiceType = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Shares = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ConsentOverridden = table.Column<bool>(type: "bit", nullable: false),
                    OverrideReason = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    OverrideNoteCipher = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ReferredBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ReferredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    RespondedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    RespondedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ImplementedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    RedressRecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_referrals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FirstPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SecondPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_agreements", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_PartnerId_At",
                table: "audit_entries",
                columns: new[] { "PartnerId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Resource_ResourceId",
                table: "audit_entries",
                columns: new[] { "Resource", "ResourceId" });

            migrationBuilder.CreateIndex(
                name: "IX_case_status_changes_CaseId_ChangedAt",
                table: "case_status_changes",
                columns: new[] { "CaseId", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_BeneficiaryHash",
                table: "cases",
                column: "BeneficiaryHash");

            migrationBuilder.CreateIndex(
                name: "IX_cases_PartnerId_OpenedAt",
                table: "cases",
                columns: new[] { "PartnerId", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_SurvivorCode",
                table: "cases",
                column: "SurvivorCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_ProcessedAt",
                table: "inbox_messages",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_CaseId",
                table: "incidents",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_Date_RegionPcode_Type",
                table: "incidents",
                columns: new[] { "Date", "RegionPcode", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_MonitoredIncidentId",
                table: "incidents",
                column: "MonitoredIncidentId",
                unique: true,
                filter: "[MonitoredIncidentId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_key_rotations_StartedAt",
                table: "key_rotations",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_monitored_incidents_Date_RegionPcode_Type",
                table: "monitored_incidents",
                columns: new[] { "Date", "RegionPcode", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_monitored_incidents_PartnerId_RecordedAt",
                table: "monitored_incidents",
                columns: new[] { "PartnerId", "RecordedAt" });

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
                name: "IX_referrals_CaseId",
                table: "referrals",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_referrals_FromPartnerId",
                table: "referrals",
                column: "FromPartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_referrals_ToPartnerId",
                table: "referrals",
                column: "ToPartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_agreements_FirstPartnerId_SecondPartnerId",
                table: "sharing_agreements",
                columns: new[] { "FirstPartnerId", "SecondPartnerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "case_status_changes");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropTable(
                name: "key_rotations");

            migrationBuilder.DropTable(
                name: "known_beneficiaries");

            migrationBuilder.DropTable(
                name: "known_partners");

            migrationBuilder.DropTable(
                name: "known_programs");

            migrationBuilder.DropTable(
                name: "legacy_beneficiary_links");

            migrationBuilder.DropTable(
                name: "monitored_incidents");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "referrals");

            migrationBuilder.DropTable(
                name: "sharing_agreements");
        }
    }
}
