using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Activities.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReachUnknownsAndGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Records known before groups carried their members have none: empty, not missing.
            migrationBuilder.AddColumn<string>(
                name: "MemberCounts",
                table: "known_beneficiaries",
                type: "nvarchar(max)",
                nullable: true,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "MemberIds",
                table: "known_beneficiaries",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]");

            // Counts reported before disability could be unknown keep their yes or no.
            migrationBuilder.AddColumn<string>(
                name: "Disability",
                table: "aggregate_reach",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "no");

            migrationBuilder.Sql("UPDATE aggregate_reach SET [Disability] = 'yes' WHERE [HasDisability] = 1;");

            migrationBuilder.DropPrimaryKey(
                name: "PK_aggregate_reach",
                table: "aggregate_reach");

            migrationBuilder.DropColumn(
                name: "HasDisability",
                table: "aggregate_reach");

            migrationBuilder.AddPrimaryKey(
                name: "PK_aggregate_reach",
                table: "aggregate_reach",
                columns: new[] { "ActivityId", "Sex", "AgeBand", "Disability", "DisplacementStatus" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MemberCounts",
                table: "known_beneficiaries");

            migrationBuilder.DropColumn(
                name: "MemberIds",
                table: "known_beneficiaries");

            migrationBuilder.AddColumn<bool>(
                name: "HasDisability",
                table: "aggregate_reach",
                type: "bit",
                nullable: false,
                defaultValue: false);

            // The older schema has no unknown: those counts cannot be kept.
            migrationBuilder.Sql("DELETE FROM aggregate_reach WHERE [Disability] = 'unknown';");
            migrationBuilder.Sql("UPDATE aggregate_reach SET [HasDisability] = 1 WHERE [Disability] = 'yes';");

            migrationBuilder.DropPrimaryKey(
                name: "PK_aggregate_reach",
                table: "aggregate_reach");

            migrationBuilder.DropColumn(
                name: "Disability",
                table: "aggregate_reach");

            migrationBuilder.AddPrimaryKey(
                name: "PK_aggregate_reach",
                table: "aggregate_reach",
                columns: new[] { "ActivityId", "Sex", "AgeBand", "HasDisability", "DisplacementStatus" });
        }
    }
}
