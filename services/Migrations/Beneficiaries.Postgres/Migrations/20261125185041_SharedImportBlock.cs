using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Beneficiaries.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SharedImportBlock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "PossibleDuplicates",
                table: "imports",
                newName: "Flagged");

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "imports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ErrorCountsJson",
                table: "imports",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "imports",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "beneficiaries");

            migrationBuilder.AddColumn<Guid>(
                name: "LeaseToken",
                table: "imports",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "imports");

            migrationBuilder.DropColumn(
                name: "ErrorCountsJson",
                table: "imports");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "imports");

            migrationBuilder.DropColumn(
                name: "LeaseToken",
                table: "imports");

            migrationBuilder.RenameColumn(
                name: "Flagged",
                table: "imports",
                newName: "PossibleDuplicates");
        }
    }
}
