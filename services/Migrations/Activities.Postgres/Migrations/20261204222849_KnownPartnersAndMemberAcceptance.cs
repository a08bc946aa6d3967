using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Activities.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KnownPartnersAndMemberAcceptance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Members added before invitations existed were in the consortium already: they stay accepted.
            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "program_members",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "accepted");

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "known_partners");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "program_members");
        }
    }
}
