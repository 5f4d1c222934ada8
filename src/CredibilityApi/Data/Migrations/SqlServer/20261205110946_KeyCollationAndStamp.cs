using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
{
    /// <summary>
    /// Key-like text columns get a binary collation (KeyCollation), and the revocation stamp row is created.
    /// SQL Server refuses to change the collation of a column an index or a key uses: EF drops and recreates the
    /// indexes itself, and the primary keys that hold such a column are dropped and added again by hand here
    /// (no foreign key references any of them).
    /// </summary>
    public partial class KeyCollationAndStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(name: "PK_Techniques", table: "Techniques");
            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "Techniques",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(name: "PK_Techniques", table: "Techniques", columns: new[] { "Key" });

            migrationBuilder.DropPrimaryKey(name: "PK_Tags", table: "Tags");
            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "Tags",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(name: "PK_Tags", table: "Tags", columns: new[] { "Key" });

            migrationBuilder.DropPrimaryKey(name: "PK_RubricDimensions", table: "RubricDimensions");
            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "RubricDimensions",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(name: "PK_RubricDimensions", table: "RubricDimensions", columns: new[] { "RubricVersion", "Key" });

            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "PendingRollups",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<string>(
                name: "Host",
                table: "OutletDomains",
                type: "nvarchar(253)",
                maxLength: 253,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(253)",
                oldMaxLength: 253);

            migrationBuilder.DropPrimaryKey(name: "PK_OutletDayStats", table: "OutletDayStats");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "OutletDayStats",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(name: "PK_OutletDayStats", table: "OutletDayStats", columns: new[] { "OutletId", "Dimension", "Day" });

            migrationBuilder.DropPrimaryKey(name: "PK_OutletDayAnnotators", table: "OutletDayAnnotators");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "OutletDayAnnotators",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(name: "PK_OutletDayAnnotators", table: "OutletDayAnnotators", columns: new[] { "OutletId", "Dimension", "Day", "AnnotatorId" });

            migrationBuilder.DropPrimaryKey(name: "PK_OutletBucketStats", table: "OutletBucketStats");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "OutletBucketStats",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(name: "PK_OutletBucketStats", table: "OutletBucketStats", columns: new[] { "Dimension", "Bucket", "Start", "OutletId" });

            migrationBuilder.DropPrimaryKey(name: "PK_IdempotencyRecords", table: "IdempotencyRecords");
            migrationBuilder.AlterColumn<string>(
                name: "RequestHash",
                table: "IdempotencyRecords",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "IdempotencyRecords",
                type: "nvarchar(255)",
                maxLength: 255,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(255)",
                oldMaxLength: 255);

            migrationBuilder.AddPrimaryKey(name: "PK_IdempotencyRecords", table: "IdempotencyRecords", columns: new[] { "AccountId", "Key" });

            migrationBuilder.DropPrimaryKey(name: "PK_DimensionFits", table: "DimensionFits");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "DimensionFits",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(name: "PK_DimensionFits", table: "DimensionFits", columns: new[] { "Dimension" });

            migrationBuilder.AlterColumn<string>(
                name: "BodySha256",
                table: "Claims",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.DropPrimaryKey(name: "PK_BucketPriorsV2", table: "BucketPriorsV2");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "BucketPriorsV2",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(name: "PK_BucketPriorsV2", table: "BucketPriorsV2", columns: new[] { "Dimension", "Bucket", "Start" });

            migrationBuilder.DropPrimaryKey(name: "PK_BucketPriors", table: "BucketPriors");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "BucketPriors",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(name: "PK_BucketPriors", table: "BucketPriors", columns: new[] { "Dimension", "Bucket", "Start" });

            migrationBuilder.AlterColumn<string>(
                name: "UrlHash",
                table: "Articles",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<string>(
                name: "IdentityHash",
                table: "Articles",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<string>(
                name: "BodySha256",
                table: "Articles",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.DropPrimaryKey(name: "PK_ArticleDimensionStats", table: "ArticleDimensionStats");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "ArticleDimensionStats",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(name: "PK_ArticleDimensionStats", table: "ArticleDimensionStats", columns: new[] { "ArticleId", "Dimension" });

            migrationBuilder.AlterColumn<string>(
                name: "UrlHash",
                table: "ArticleAliases",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<string>(
                name: "IdentityHash",
                table: "ArticleAliases",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<string>(
                name: "Hash",
                table: "ApiKeys",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.DropPrimaryKey(name: "PK_AnnotatorLeniencies", table: "AnnotatorLeniencies");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "AnnotatorLeniencies",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(name: "PK_AnnotatorLeniencies", table: "AnnotatorLeniencies", columns: new[] { "Dimension", "AnnotatorId" });

            migrationBuilder.AlterColumn<string>(
                name: "Technique",
                table: "Annotations",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "SpanBodySha256",
                table: "Annotations",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "Annotations",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.CreateTable(
                name: "RevocationStamps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    Value = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevocationStamps", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "RevocationStamps",
                columns: new[] { "Id", "Value" },
                values: new object[] { 1, new Guid("00000000-0000-0000-0000-000000000000") });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RevocationStamps");

            migrationBuilder.DropPrimaryKey(name: "PK_Techniques", table: "Techniques");
            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "Techniques",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_Techniques", table: "Techniques", columns: new[] { "Key" });

            migrationBuilder.DropPrimaryKey(name: "PK_Tags", table: "Tags");
            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "Tags",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_Tags", table: "Tags", columns: new[] { "Key" });

            migrationBuilder.DropPrimaryKey(name: "PK_RubricDimensions", table: "RubricDimensions");
            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "RubricDimensions",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_RubricDimensions", table: "RubricDimensions", columns: new[] { "RubricVersion", "Key" });

            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "PendingRollups",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "Host",
                table: "OutletDomains",
                type: "nvarchar(253)",
                maxLength: 253,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(253)",
                oldMaxLength: 253,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.DropPrimaryKey(name: "PK_OutletDayStats", table: "OutletDayStats");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "OutletDayStats",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_OutletDayStats", table: "OutletDayStats", columns: new[] { "OutletId", "Dimension", "Day" });

            migrationBuilder.DropPrimaryKey(name: "PK_OutletDayAnnotators", table: "OutletDayAnnotators");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "OutletDayAnnotators",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_OutletDayAnnotators", table: "OutletDayAnnotators", columns: new[] { "OutletId", "Dimension", "Day", "AnnotatorId" });

            migrationBuilder.DropPrimaryKey(name: "PK_OutletBucketStats", table: "OutletBucketStats");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "OutletBucketStats",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_OutletBucketStats", table: "OutletBucketStats", columns: new[] { "Dimension", "Bucket", "Start", "OutletId" });

            migrationBuilder.DropPrimaryKey(name: "PK_IdempotencyRecords", table: "IdempotencyRecords");
            migrationBuilder.AlterColumn<string>(
                name: "RequestHash",
                table: "IdempotencyRecords",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "IdempotencyRecords",
                type: "nvarchar(255)",
                maxLength: 255,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(255)",
                oldMaxLength: 255,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_IdempotencyRecords", table: "IdempotencyRecords", columns: new[] { "AccountId", "Key" });

            migrationBuilder.DropPrimaryKey(name: "PK_DimensionFits", table: "DimensionFits");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "DimensionFits",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_DimensionFits", table: "DimensionFits", columns: new[] { "Dimension" });

            migrationBuilder.AlterColumn<string>(
                name: "BodySha256",
                table: "Claims",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldNullable: true,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.DropPrimaryKey(name: "PK_BucketPriorsV2", table: "BucketPriorsV2");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "BucketPriorsV2",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_BucketPriorsV2", table: "BucketPriorsV2", columns: new[] { "Dimension", "Bucket", "Start" });

            migrationBuilder.DropPrimaryKey(name: "PK_BucketPriors", table: "BucketPriors");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "BucketPriors",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_BucketPriors", table: "BucketPriors", columns: new[] { "Dimension", "Bucket", "Start" });

            migrationBuilder.AlterColumn<string>(
                name: "UrlHash",
                table: "Articles",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "IdentityHash",
                table: "Articles",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "BodySha256",
                table: "Articles",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldNullable: true,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.DropPrimaryKey(name: "PK_ArticleDimensionStats", table: "ArticleDimensionStats");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "ArticleDimensionStats",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_ArticleDimensionStats", table: "ArticleDimensionStats", columns: new[] { "ArticleId", "Dimension" });

            migrationBuilder.AlterColumn<string>(
                name: "UrlHash",
                table: "ArticleAliases",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "IdentityHash",
                table: "ArticleAliases",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "Hash",
                table: "ApiKeys",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.DropPrimaryKey(name: "PK_AnnotatorLeniencies", table: "AnnotatorLeniencies");
            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "AnnotatorLeniencies",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_AnnotatorLeniencies", table: "AnnotatorLeniencies", columns: new[] { "Dimension", "AnnotatorId" });

            migrationBuilder.AlterColumn<string>(
                name: "Technique",
                table: "Annotations",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldNullable: true,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "SpanBodySha256",
                table: "Annotations",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nchar(64)",
                oldFixedLength: true,
                oldMaxLength: 64,
                oldNullable: true,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "Dimension",
                table: "Annotations",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldNullable: true,
                oldCollation: "Latin1_General_100_BIN2");
        }
    }
}
