using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Activities.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FailClosedBuildingBlocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "record_shares");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeadAt",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SourceVersion",
                table: "known_beneficiaries",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_DeadAt",
                table: "outbox_messages",
                column: "DeadAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_DeadAt",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "DeadAt",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "SourceVersion",
                table: "known_beneficiaries");

            migrationBuilder.CreateTable(
                name: "record_shares",
                columns: table => new
                {
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SharedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SharedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_shares", x => new { x.RecordId, x.PartnerId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_record_shares_PartnerId",
                table: "record_shares",
                column: "PartnerId");
        }
    }
}
