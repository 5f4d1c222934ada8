using System.Text.Json;
using System.Text.Json.Serialization;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Data.Configurations;

internal sealed class ClaimConfiguration : IEntityTypeConfiguration<Claim>
{
    public void Configure(EntityTypeBuilder<Claim> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(Limits.IdLength);
        builder.Property(c => c.ArticleId).HasMaxLength(Limits.IdLength);
        builder.Property(c => c.OutletId).HasMaxLength(Limits.IdLength);
        builder.Property(c => c.Exact).HasMaxLength(Limits.QuoteLength);
        builder.Property(c => c.Prefix).HasMaxLength(Limits.SelectorContextLength);
        builder.Property(c => c.Suffix).HasMaxLength(Limits.SelectorContextLength);
        builder.Property(c => c.BodySha256).HasMaxLength(Limits.Sha256HexLength).IsFixedLength();
        builder.Property(c => c.ClaimantName).HasMaxLength(Limits.NameLength);
        builder.Property(c => c.CreatedBy).HasMaxLength(Limits.IdLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.Chain).HasConversion(HopsJson.Converter, HopsJson.Comparer);
        builder.PrimitiveCollection(c => c.Tags);
        builder.HasOne<Article>().WithMany().HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(c => new { c.ArticleId, c.Start, c.Id });
        builder.HasIndex(c => new { c.OutletId, c.ArticlePublishedAt, c.Id });
        builder.HasIndex(c => new { c.AttributionClass, c.ArticlePublishedAt });
        builder.HasIndex(c => new { c.UpdatedAt, c.Id });
    }
}

/// <summary>The attribution chain is stored as one JSON column: it is always read and written whole.</summary>
internal static class HopsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<List<AttributionHop>, string> Converter = new(
        v => JsonSerializer.Serialize(v, Options),
        v => JsonSerializer.Deserialize<List<AttributionHop>>(v, Options) ?? new List<AttributionHop>());

    public static readonly ValueComparer<List<AttributionHop>> Comparer = new(
        (a, b) => a!.SequenceEqual(b!),
        v => v.Aggregate(0, (h, hop) => HashCode.Combine(h, hop.GetHashCode())),
        v => v.ToList());
}
