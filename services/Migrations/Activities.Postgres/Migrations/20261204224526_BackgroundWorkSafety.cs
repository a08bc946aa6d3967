using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Activities.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BackgroundWorkSafety : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReadFailures",
                table: "outbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ResumeAfterRow",
                table: "imports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "Today",
                table: "imports",
                type: "date",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_ProcessedAt",
                table: "inbox_messages",
                column: "ProcessedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_inbox_messages_ProcessedAt",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "ReadFailures",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "ResumeAfterRow",
                table: "imports");

            migrationBuilder.DropColumn(
                name: "Today",
                table: "imports");
        }
    }
}
