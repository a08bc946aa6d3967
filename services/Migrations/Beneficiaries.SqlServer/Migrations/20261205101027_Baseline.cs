using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Beneficiaries.Migrations.SqlServer
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
                name: "beneficiaries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    MergedIntoId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false),
                    GivenName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    FamilyName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    GroupName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    EstimatedAge = table.Column<int>(type: "int", nullable: true),
                    EstimatedAgeAt = table.Column<DateOnly>(type: "date", nullable: true),
                    Phone = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    Sex = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    ReferenceBirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    DisabilitySeeing = table.Column<int>(type: "int", nullable: true),
                    DisabilityHearing = table.Column<int>(type: "int", nullable: true),
                    DisabilityWalking = table.Column<int>(type: "int", nullable: true),
                    DisabilityCognition = table.Column<int>(type: "int", nullable: true),
                    DisabilitySelfCare = table.Column<int>(type: "int", nullable: true),
                    DisabilityCommunication = table.Column<int>(type: "int", nullable: true),
                    HasDisability = table.Column<bool>(type: "bit", nullable: false),
                    DisplacementStatus = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Adm1Pcode = table.Column<string>(type: "nvarchar(4)", maxLength: 4, nullable: false),
                    Adm2Pcode = table.Column<string>(type: "nvarchar(6)", maxLength: 6, nullable: false),
                    CommunePcode = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    GazetteerVersion = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Vulnerabilities = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Roles = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Members_FemaleChildren = table.Column<int>(type: "int", nullable: true),
                    Members_MaleChildren = table.Column<int>(type: "int", nullable: true),
                    Members_FemaleAdults = table.Column<int>(type: "int", nullable: true),
                    Members_MaleAdults = table.Column<int>(type: "int", nullable: true),
                    ConsentGiven = table.Column<bool>(type: "bit", nullable: false),
                    ConsentDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ConsentScope = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PersonKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    PhoneKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    ImportId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ErasedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_beneficiaries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_sharing_agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FirstPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SecondPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    RecordedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    EndedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_sharing_agreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "duplicate_flags",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    BeneficiaryId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    MatchedId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    MatchedOn = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    SameOwner = table.Column<bool>(type: "bit", nullable: false),
                    FlaggedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_duplicate_flags", x => x.Id);
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
                name: "imports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false, defaultValue: "beneficiaries"),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Format = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    ImportStrategy = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ImportMode = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    AtomicMode = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Payload = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    TotalRows = table.Column<int>(type: "int", nullable: false),
                    ProcessedRows = table.Column<int>(type: "int", nullable: false),
                    ResumeAfterRow = table.Column<int>(type: "int", nullable: false, defaultValue: 0),
                    Today = table.Column<DateOnly>(type: "date", nullable: true),
                    Created = table.Column<int>(type: "int", nullable: false),
                    Updated = table.Column<int>(type: "int", nullable: false),
                    Ignored = table.Column<int>(type: "int", nullable: false),
                    Flagged = table.Column<int>(type: "int", nullable: false),
                    ErrorsJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ErrorCountsJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LeaseToken = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false, defaultValue: 0)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports", x => x.Id);
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
                name: "merge_acceptances",
                columns: table => new
                {
                    SurvivorId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    MergedId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_merge_acceptances", x => new { x.SurvivorId, x.MergedId, x.PartnerId });
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
                name: "record_shares",
                columns: table => new
                {
                    RecordId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SharedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SharedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_shares", x => new { x.RecordId, x.PartnerId });
                });

            migrationBuilder.CreateTable(
                name: "agreement_matchings",
                columns: table => new
                {
                    AgreementId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FirstPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SecondPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    RegisteredUpTo = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    State = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    RecordsTotal = table.Column<int>(type: "int", nullable: true),
                    RecordsDone = table.Column<int>(type: "int", nullable: false),
                    AfterPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    AfterCode = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    QueuedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LeaseToken = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agreement_matchings", x => x.AgreementId);
                    table.ForeignKey(
                        name: "FK_agreement_matchings_data_sharing_agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "data_sharing_agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agreement_matchings_State_QueuedAt",
                table: "agreement_matchings",
                columns: new[] { "State", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_PartnerId_At",
                table: "audit_entries",
                columns: new[] { "PartnerId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Resource_ResourceId",
                table: "audit_entries",
                columns: new[] { "Resource", "ResourceId" });

            migrationBuilder.CreateIndex(
                name: "IX_beneficiaries_Code",
                table: "beneficiaries",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_beneficiaries_CommunePcode_Sex",
                table: "beneficiaries",
                columns: new[] { "CommunePcode", "Sex" });

            migrationBuilder.CreateIndex(
                name: "IX_beneficiaries_PartnerId_Code",
                table: "beneficiaries",
                columns: new[] { "PartnerId", "Code" });

            migrationBuilder.CreateIndex(
                name: "IX_beneficiaries_PartnerId_RegisteredAt",
                table: "beneficiaries",
                columns: new[] { "PartnerId", "RegisteredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_beneficiaries_PersonKey",
                table: "beneficiaries",
                column: "PersonKey");

            migrationBuilder.CreateIndex(
                name: "IX_beneficiaries_PhoneKey",
                table: "beneficiaries",
                column: "PhoneKey");

            migrationBuilder.CreateIndex(
                name: "IX_data_sharing_agreements_FirstPartnerId_SecondPartnerId",
                table: "data_sharing_agreements",
                columns: new[] { "FirstPartnerId", "SecondPartnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_duplicate_flags_BeneficiaryId",
                table: "duplicate_flags",
                column: "BeneficiaryId");

            migrationBuilder.CreateIndex(
                name: "IX_duplicate_flags_MatchedId",
                table: "duplicate_flags",
                column: "MatchedId");

            migrationBuilder.CreateIndex(
                name: "IX_imports_Status_CreatedAt",
                table: "imports",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_ProcessedAt",
                table: "inbox_messages",
                column: "ProcessedAt");

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
                name: "IX_record_shares_PartnerId",
                table: "record_shares",
                column: "PartnerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agreement_matchings");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "beneficiaries");

            migrationBuilder.DropTable(
                name: "duplicate_flags");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "imports");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "known_partners");

            migrationBuilder.DropTable(
                name: "merge_acceptances");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "record_shares");

            migrationBuilder.DropTable(
                name: "data_sharing_agreements");
        }
    }
}
