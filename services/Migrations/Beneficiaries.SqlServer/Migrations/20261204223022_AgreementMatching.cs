using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Beneficiaries.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AgreementMatching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agreement_matchings",
                columns: table => new
                {
                    AgreementId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FirstPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SecondPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    RegisteredUpTo = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    State = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    RecordsTotal = table.Column<int>(type: "int", nullable: true),
                    RecordsDone = table.Column<int>(type: "int", nullable: false),
                    AfterPartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    AfterCode = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    QueuedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LeaseToken = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agreement_matchings", x => x.AgreementId);
                    table.ForeignKey(
                        name: "FK_agreement_matchings_data_sharing_agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "data_sharing_agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Agreements recorded before this migration: the records their partners held are matched too.
            migrationBuilder.Sql("INSERT INTO agreement_matchings ([AgreementId], [FirstPartnerId], [SecondPartnerId], [RegisteredUpTo], [State], [RecordsDone], [QueuedAt], [Attempts]) SELECT [Id], [FirstPartnerId], [SecondPartnerId], [RecordedAt], 'queued', 0, [RecordedAt], 0 FROM data_sharing_agreements WHERE [EndedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_beneficiaries_PartnerId_Code",
                table: "beneficiaries",
                columns: new[] { "PartnerId", "Code" });

            migrationBuilder.CreateIndex(
                name: "IX_agreement_matchings_State_QueuedAt",
                table: "agreement_matchings",
                columns: new[] { "State", "QueuedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agreement_matchings");

            migrationBuilder.DropIndex(
                name: "IX_beneficiaries_PartnerId_Code",
                table: "beneficiaries");
        }
    }
}
