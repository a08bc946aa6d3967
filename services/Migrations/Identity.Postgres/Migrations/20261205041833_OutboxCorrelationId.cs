using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Identity.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxCorrelationId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CorrelationId",
                table: "outbox_messages",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CorrelationId",
                table: "outbox_messages");
        }
    }
}
