using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Beneficiaries.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DataSharingAgreements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_sharing_agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FirstPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SecondPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    RecordedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    EndedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_sharing_agreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "merge_acceptances",
                columns: table => new
                {
                    SurvivorId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    MergedId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_merge_acceptances", x => new { x.SurvivorId, x.MergedId, x.PartnerId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_data_sharing_agreements_FirstPartnerId_SecondPartnerId",
                table: "data_sharing_agreements",
                columns: new[] { "FirstPartnerId", "SecondPartnerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_sharing_agreements");

            migrationBuilder.DropTable(
                name: "merge_acceptances");
        }
    }
}
