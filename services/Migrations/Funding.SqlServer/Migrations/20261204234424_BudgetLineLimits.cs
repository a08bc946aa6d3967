using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JusticePlatform.Funding.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BudgetLineLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BudgetRevision",
                table: "grants",
                type: "int",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BudgetRevision",
                table: "grants");
        }
    }
}
