using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Activities.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProgramReferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReviewedAt",
                table: "manual_values",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedBy",
                table: "manual_values",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "manual_values",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "accepted");

            migrationBuilder.AddColumn<Guid>(
                name: "ProgramId",
                table: "grievance_outcomes",
                type: "uuid",
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_grievance_outcomes_ProgramId_RedressDate",
                table: "grievance_outcomes",
                columns: new[] { "ProgramId", "RedressDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "program_revisions");

            migrationBuilder.DropIndex(
                name: "IX_grievance_outcomes_ProgramId_RedressDate",
                table: "grievance_outcomes");

            migrationBuilder.DropColumn(
                name: "ReviewedAt",
                table: "manual_values");

            migrationBuilder.DropColumn(
                name: "ReviewedBy",
                table: "manual_values");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "manual_values");

            migrationBuilder.DropColumn(
                name: "ProgramId",
                table: "grievance_outcomes");
        }
    }
}
