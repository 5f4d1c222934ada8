using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Data.Configurations;

internal sealed class RevocationStampConfiguration : IEntityTypeConfiguration<RevocationStamp>
{
    public void Configure(EntityTypeBuilder<RevocationStamp> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();

        // The row exists from the first migration on, so a revocation only ever updates it.
        builder.HasData(new RevocationStamp { Id = RevocationStamp.RowId, Value = Guid.Empty });
    }
}
