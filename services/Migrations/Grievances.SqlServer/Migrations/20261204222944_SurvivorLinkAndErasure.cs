using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Grievances.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SurvivorLinkAndErasure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RedressRecordedAt",
                table: "referrals",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BeneficiaryCipher",
                table: "cases",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BeneficiaryHash",
                table: "cases",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ErasedAt",
                table: "cases",
                type: "datetimeoffset",
                nullable: true);

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
                name: "IX_cases_BeneficiaryHash",
                table: "cases",
                column: "BeneficiaryHash");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_agreements_FirstPartnerId_SecondPartnerId",
                table: "sharing_agreements",
                columns: new[] { "FirstPartnerId", "SecondPartnerId" });

            // The plaintext links wait, for the few seconds until the service starts, in a table the
            // start-up conversion empties (the key of a link's hash is not in the database, so SQL cannot convert them).
            migrationBuilder.Sql("""INSERT INTO [legacy_beneficiary_links] ([CaseId], [BeneficiaryId]) SELECT [Id], [BeneficiaryId] FROM [cases] WHERE [BeneficiaryId] IS NOT NULL;""");

            migrationBuilder.DropColumn(
                name: "BeneficiaryId",
                table: "cases");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "known_beneficiaries");

            migrationBuilder.DropTable(
                name: "legacy_beneficiary_links");

            migrationBuilder.DropTable(
                name: "sharing_agreements");

            migrationBuilder.DropIndex(
                name: "IX_cases_BeneficiaryHash",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "RedressRecordedAt",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "BeneficiaryCipher",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "BeneficiaryHash",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "cases");

            migrationBuilder.AddColumn<Guid>(
                name: "BeneficiaryId",
                table: "cases",
                type: "uniqueidentifier",
                nullable: true);
        }
    }
}
