using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderSystem.Order.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SagaCancellationCause : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CancellationCause",
                table: "OrderSagas",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CancellationCause",
                table: "OrderSagas");
        }
    }
}
