using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Grievances.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Cases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_status_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromStatus = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ToStatus = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_status_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SurvivorCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    BeneficiaryId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    AgeAtRegistration = table.Column<int>(type: "integer", nullable: true),
                    AgeBand = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    RiskLevel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    CaseWorker = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    IdentityCipher = table.Column<string>(type: "text", nullable: true),
                    ContactCipher = table.Column<string>(type: "text", nullable: true),
                    ConsentForServices = table.Column<bool>(type: "boolean", nullable: false),
                    ConsentForReferral = table.Column<bool>(type: "boolean", nullable: false),
                    ConsentForReporting = table.Column<bool>(type: "boolean", nullable: false),
                    ConsentRecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ConsentRecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    RedressStatus = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    RedressKind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    RedressDate = table.Column<DateOnly>(type: "date", nullable: true),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    DateIsApproximate = table.Column<bool>(type: "boolean", nullable: false),
                    RegionPcode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommunePcode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    PerpetratorCategory = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    NarrativeCipher = table.Column<string>(type: "text", nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromPartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ToPartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ExternalBodyKind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ExternalBodyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ServiceType = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Shares = table.Column<List<string>>(type: "text[]", nullable: false),
                    ConsentOverridden = table.Column<bool>(type: "boolean", nullable: false),
                    OverrideReason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    OverrideNoteCipher = table.Column<string>(type: "text", nullable: true),
                    ReferredBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ReferredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RespondedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RespondedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ImplementedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_referrals", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_status_changes_CaseId_ChangedAt",
                table: "case_status_changes",
                columns: new[] { "CaseId", "ChangedAt" });

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
                name: "IX_incidents_CaseId",
                table: "incidents",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_Date_RegionPcode_Type",
                table: "incidents",
                columns: new[] { "Date", "RegionPcode", "Type" });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_status_changes");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropTable(
                name: "referrals");
        }
    }
}
