using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Activities.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReachedRecordPersons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PersonId",
                table: "reached_records",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            // Each existing row counts as its record, or as the survivor the record was merged into (as ReachedRecords.AddAsync sets it).
            migrationBuilder.Sql("""
                UPDATE reached_records SET "PersonId" = "BeneficiaryId";
                UPDATE reached_records AS r SET "PersonId" = k."MergedIntoId"
                FROM known_beneficiaries AS k
                WHERE k."Id" = r."BeneficiaryId" AND k."MergedIntoId" IS NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_reached_records_PersonId",
                table: "reached_records",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_reached_records_ProgramId_IndicatorId_PersonId_CommunePcode~",
                table: "reached_records",
                columns: new[] { "ProgramId", "IndicatorId", "PersonId", "CommunePcode", "PartnerId", "Type", "FirstEnd", "LastEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_known_beneficiaries_MergedIntoId",
                table: "known_beneficiaries",
                column: "MergedIntoId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_reached_records_PersonId",
                table: "reached_records");

            migrationBuilder.DropIndex(
                name: "IX_reached_records_ProgramId_IndicatorId_PersonId_CommunePcode~",
                table: "reached_records");

            migrationBuilder.DropIndex(
                name: "IX_known_beneficiaries_MergedIntoId",
                table: "known_beneficiaries");

            migrationBuilder.DropColumn(
                name: "PersonId",
                table: "reached_records");
        }
    }
}
