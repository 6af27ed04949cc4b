using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderSystem.Payment.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PersistenceHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_OutboxId_SequenceNumber",
                table: "OutboxMessages");

            migrationBuilder.AddColumn<int>(
                name: "Position",
                table: "OutboxMessages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_OutboxId_Position",
                table: "OutboxMessages",
                columns: new[] { "OutboxId", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_OutboxId_Position",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "Position",
                table: "OutboxMessages");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_OutboxId_SequenceNumber",
                table: "OutboxMessages",
                columns: new[] { "OutboxId", "SequenceNumber" });
        }
    }
}
