using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderSystem.Notification.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PersistenceHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Readers see the last committed row version instead of waiting for writers, as on Azure SQL by default.
            // ALTER DATABASE cannot run inside the migration's transaction; ROLLBACK IMMEDIATE ends other sessions' open
            // transactions (their retry policies run them again). A no-op where it is already on.
            migrationBuilder.Sql(
                "IF (SELECT is_read_committed_snapshot_on FROM sys.databases WHERE database_id = DB_ID()) = 0 " +
                "ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE;",
                suppressTransaction: true);

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_OutboxId_SequenceNumber",
                table: "OutboxMessages");

            migrationBuilder.AddColumn<int>(
                name: "Position",
                table: "OutboxMessages",
                type: "int",
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
