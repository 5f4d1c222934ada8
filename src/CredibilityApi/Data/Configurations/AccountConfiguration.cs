using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Data.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.Name).HasMaxLength(Limits.NameLength);
        builder.Property(a => a.Email).HasMaxLength(Limits.EmailLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.Role);
        builder.HasMany(a => a.Keys).WithOne().HasForeignKey(k => k.AccountId);
        builder.Navigation(a => a.Keys).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(Limits.IdLength);
        builder.Property(k => k.AccountId).HasMaxLength(Limits.IdLength);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(Limits.Sha256HexLength);
        builder.Property(k => k.Name).HasMaxLength(Limits.KeyNameLength);
        builder.HasIndex(k => k.Hash).IsUnique();
    }
}
