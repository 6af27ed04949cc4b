using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderSystem.Notification.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CustomerOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CustomerId",
                table: "Notifications",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_CustomerId_SentAt",
                table: "Notifications",
                columns: new[] { "CustomerId", "SentAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Notifications_CustomerId_SentAt",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "CustomerId",
                table: "Notifications");
        }
    }
}
