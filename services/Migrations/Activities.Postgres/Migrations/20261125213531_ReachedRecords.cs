using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Activities.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReachedRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                    FirstEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    LastEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reached_records", x => new { x.ProgramId, x.IndicatorId, x.CommunePcode, x.PartnerId, x.Type, x.BeneficiaryId });
                });

            // The activities completed before this table existed: their attendance, folded as ReachedRecords folds it.
            migrationBuilder.Sql("""
                INSERT INTO reached_records ("ProgramId", "IndicatorId", "CommunePcode", "PartnerId", "Type", "BeneficiaryId", "FirstEnd", "LastEnd", "Version")
                SELECT a."ProgramId", slot, a."CommunePcode", a."PartnerId", a."Type", t."BeneficiaryId", min(a."ActualEnd"), max(a."ActualEnd"), 0
                FROM attendance t
                JOIN activities a ON a."Id" = t."ActivityId"
                CROSS JOIN LATERAL unnest(array_prepend('00000000-0000-0000-0000-000000000000'::uuid, a."IndicatorIds")) AS slot
                WHERE a."Status" = 'completed' AND a."ActualEnd" IS NOT NULL
                GROUP BY a."ProgramId", slot, a."CommunePcode", a."PartnerId", a."Type", t."BeneficiaryId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reached_records");
        }
    }
}
