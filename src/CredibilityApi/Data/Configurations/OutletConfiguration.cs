using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Data.Configurations;

internal sealed class OutletConfiguration : IEntityTypeConfiguration<Outlet>
{
    public void Configure(EntityTypeBuilder<Outlet> builder)
    {
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).HasMaxLength(Limits.IdLength);
        builder.Property(o => o.Name).HasMaxLength(Limits.NameLength);
        builder.Property(o => o.Homepage).HasMaxLength(Limits.UrlLength);
        builder.Property(o => o.Country).HasMaxLength(2).IsFixedLength();
        builder.Property(o => o.Language).HasMaxLength(Limits.LanguageLength);
        builder.Property(o => o.Notes).HasMaxLength(Limits.NotesLength);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Property(o => o.RegisteredBy).HasMaxLength(Limits.IdLength);
        builder.Ignore(o => o.PrimaryDomain);
        builder.Ignore(o => o.Aliases);
        builder.HasIndex(o => o.Name);

        // Registration looks for an outlet whose name reads the same (see LookAlikes).
        builder.Property(o => o.NameKey).HasMaxLength(Limits.Sha256HexLength);
        builder.HasIndex(o => o.NameKey);
        builder.HasIndex(o => o.Country);
        builder.HasMany(o => o.Domains).WithOne().HasForeignKey(d => d.OutletId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Domains).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class OutletDomainConfiguration : IEntityTypeConfiguration<OutletDomain>
{
    public void Configure(EntityTypeBuilder<OutletDomain> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.OutletId).HasMaxLength(Limits.IdLength);
        builder.Property(d => d.Host).HasMaxLength(Limits.HostLength);

        // The lookup by URL is an equality match on a handful of candidate suffixes.
        builder.HasIndex(d => d.Host).IsUnique();

        // Registration looks for a domain that looks like the one asked for (see LookAlikes).
        builder.Property(d => d.SkeletonKey).HasMaxLength(Limits.Sha256HexLength);
        builder.HasIndex(d => d.SkeletonKey);
    }
}

internal sealed class OutletRevisionConfiguration : IEntityTypeConfiguration<OutletRevision>
{
    public void Configure(EntityTypeBuilder<OutletRevision> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.OutletId).HasMaxLength(Limits.IdLength);
        builder.Property(r => r.RecordedBy).HasMaxLength(Limits.IdLength);
        builder.HasOne<Outlet>().WithMany().HasForeignKey(r => r.OutletId).OnDelete(DeleteBehavior.Cascade);

        // The history is listed by outlet in revision order, and a revision is recorded once.
        builder.HasIndex(r => new { r.OutletId, r.Revision }).IsUnique();
    }
}
