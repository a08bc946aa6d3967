using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Grievances.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MonitoredIncidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "MonitoredIncidentId",
                table: "incidents",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "monitored_incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    RegionPcode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommunePcode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    PerpetratorCategory = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ConsentForReporting = table.Column<bool>(type: "boolean", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitored_incidents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_MonitoredIncidentId",
                table: "incidents",
                column: "MonitoredIncidentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_monitored_incidents_Date_RegionPcode_Type",
                table: "monitored_incidents",
                columns: new[] { "Date", "RegionPcode", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_monitored_incidents_PartnerId_RecordedAt",
                table: "monitored_incidents",
                columns: new[] { "PartnerId", "RecordedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "monitored_incidents");

            migrationBuilder.DropIndex(
                name: "IX_incidents_MonitoredIncidentId",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "MonitoredIncidentId",
                table: "incidents");
        }
    }
}
