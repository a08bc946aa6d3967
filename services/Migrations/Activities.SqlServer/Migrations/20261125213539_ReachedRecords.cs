using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Activities.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReachedRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reached_records",
                columns: table => new
                {
                    ProgramId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    IndicatorId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CommunePcode = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    PartnerId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Type = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    BeneficiaryId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FirstEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    LastEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reached_records", x => new { x.ProgramId, x.IndicatorId, x.CommunePcode, x.PartnerId, x.Type, x.BeneficiaryId });
                });

            // The activities completed before this table existed: their attendance, folded as ReachedRecords folds it
            // (the indicator ids are stored as a JSON array of strings).
            migrationBuilder.Sql("""
                INSERT INTO [reached_records] ([ProgramId], [IndicatorId], [CommunePcode], [PartnerId], [Type], [BeneficiaryId], [FirstEnd], [LastEnd], [Version])
                SELECT s.[ProgramId], s.[Slot], s.[CommunePcode], s.[PartnerId], s.[Type], s.[BeneficiaryId], MIN(s.[ActualEnd]), MAX(s.[ActualEnd]), 0
                FROM (
                    SELECT a.[ProgramId], CAST('00000000-0000-0000-0000-000000000000' AS uniqueidentifier) AS [Slot], a.[CommunePcode], a.[PartnerId], a.[Type], t.[BeneficiaryId], a.[ActualEnd]
                    FROM [attendance] t JOIN [activities] a ON a.[Id] = t.[ActivityId]
                    WHERE a.[Status] = 'completed' AND a.[ActualEnd] IS NOT NULL
                    UNION ALL
                    SELECT a.[ProgramId], CAST(i.[value] AS uniqueidentifier), a.[CommunePcode], a.[PartnerId], a.[Type], t.[BeneficiaryId], a.[ActualEnd]
                    FROM [attendance] t JOIN [activities] a ON a.[Id] = t.[ActivityId]
                    CROSS APPLY OPENJSON(a.[IndicatorIds]) i
                    WHERE a.[Status] = 'completed' AND a.[ActualEnd] IS NOT NULL
                ) s
                GROUP BY s.[ProgramId], s.[Slot], s.[CommunePcode], s.[PartnerId], s.[Type], s.[BeneficiaryId];
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reached_records");
        }
    }
}
