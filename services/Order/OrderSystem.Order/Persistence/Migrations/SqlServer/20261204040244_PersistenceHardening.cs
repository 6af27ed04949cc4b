using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderSystem.Order.Persistence.Migrations.SqlServer
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

            migrationBuilder.AlterColumn<string>(
                name: "CustomerId",
                table: "Orders",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            // SQL Server will not alter a column its primary key depends on: drop the key, alter, add it back.
            migrationBuilder.DropPrimaryKey(name: "PK_OrderItems", table: "OrderItems");

            migrationBuilder.AlterColumn<long>(
                name: "Id",
                table: "OrderItems",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "int")
                .Annotation("SqlServer:Identity", "1, 1")
                .OldAnnotation("SqlServer:Identity", "1, 1");

            migrationBuilder.AddPrimaryKey(name: "PK_OrderItems", table: "OrderItems", column: "Id");

            // SQL Server will not alter a column its primary key depends on: drop the key, alter, add it back.
            migrationBuilder.DropPrimaryKey(name: "PK_OrderHistory", table: "OrderHistory");

            migrationBuilder.AlterColumn<long>(
                name: "Id",
                table: "OrderHistory",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "int")
                .Annotation("SqlServer:Identity", "1, 1")
                .OldAnnotation("SqlServer:Identity", "1, 1");

            migrationBuilder.AddPrimaryKey(name: "PK_OrderHistory", table: "OrderHistory", column: "Id");

            // SQL Server will not alter a column its primary key depends on: drop the key, alter, add it back.
            migrationBuilder.DropPrimaryKey(name: "PK_IdempotencyRecords", table: "IdempotencyRecords");

            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "IdempotencyRecords",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(100)",
                oldMaxLength: 100);

            migrationBuilder.AddPrimaryKey(name: "PK_IdempotencyRecords", table: "IdempotencyRecords", column: "Key");

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

            migrationBuilder.AlterColumn<string>(
                name: "CustomerId",
                table: "Orders",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.DropPrimaryKey(name: "PK_OrderItems", table: "OrderItems");

            migrationBuilder.AlterColumn<int>(
                name: "Id",
                table: "OrderItems",
                type: "int",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint")
                .Annotation("SqlServer:Identity", "1, 1")
                .OldAnnotation("SqlServer:Identity", "1, 1");

            migrationBuilder.AddPrimaryKey(name: "PK_OrderItems", table: "OrderItems", column: "Id");

            migrationBuilder.DropPrimaryKey(name: "PK_OrderHistory", table: "OrderHistory");

            migrationBuilder.AlterColumn<int>(
                name: "Id",
                table: "OrderHistory",
                type: "int",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint")
                .Annotation("SqlServer:Identity", "1, 1")
                .OldAnnotation("SqlServer:Identity", "1, 1");

            migrationBuilder.AddPrimaryKey(name: "PK_OrderHistory", table: "OrderHistory", column: "Id");

            migrationBuilder.DropPrimaryKey(name: "PK_IdempotencyRecords", table: "IdempotencyRecords");

            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "IdempotencyRecords",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(100)",
                oldMaxLength: 100,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_IdempotencyRecords", table: "IdempotencyRecords", column: "Key");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_OutboxId_SequenceNumber",
                table: "OutboxMessages",
                columns: new[] { "OutboxId", "SequenceNumber" });
        }
    }
}
