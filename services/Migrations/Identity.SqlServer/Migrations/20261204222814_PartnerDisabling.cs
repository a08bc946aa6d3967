using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Identity.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PartnerDisabling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Disabled",
                table: "partners",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TokensNotBefore",
                table: "partners",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "partners",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Disabled",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "TokensNotBefore",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "partners");
        }
    }
}
