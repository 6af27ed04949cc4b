using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderSystem.Order.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PaymentMethodInsteadOfCard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CardNumber",
                table: "OrderSagas");

            migrationBuilder.AddColumn<Guid>(
                name: "PaymentMethodId",
                table: "OrderSagas",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PaymentMethodId",
                table: "OrderSagas");

            migrationBuilder.AddColumn<string>(
                name: "CardNumber",
                table: "OrderSagas",
                type: "character varying(19)",
                maxLength: 19,
                nullable: true);
        }
    }
}
