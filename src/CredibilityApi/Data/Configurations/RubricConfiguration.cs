using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Data.Configurations;

internal sealed class RubricVersionConfiguration : IEntityTypeConfiguration<RubricVersion>
{
    public void Configure(EntityTypeBuilder<RubricVersion> builder)
    {
        builder.HasKey(r => r.Version);
        builder.Property(r => r.Version).ValueGeneratedNever();
        builder.Property(r => r.Notes).HasMaxLength(Limits.NotesLength);
        builder.Property(r => r.PublishedBy).HasMaxLength(Limits.IdLength);
        builder.HasMany(r => r.Dimensions).WithOne().HasForeignKey(d => d.RubricVersion);
        builder.Navigation(r => r.Dimensions).UsePropertyAccessMode(PropertyAccessMode.Field);

        // Version 1 is part of the schema, so both providers start with the same rubric.
        builder.HasData(new { Version = 1, Notes = (string?)"The default rubric of methodology v1.", PublishedBy = "system", PublishedAt = DefaultRubric.PublishedAt });
    }
}

internal sealed class RubricDimensionConfiguration : IEntityTypeConfiguration<RubricDimension>
{
    public void Configure(EntityTypeBuilder<RubricDimension> builder)
    {
        builder.HasKey(d => new { d.RubricVersion, d.Key });
        builder.Property(d => d.Key).HasMaxLength(Limits.KeyLength);
        builder.Property(d => d.Label).HasMaxLength(Limits.NameLength);
        builder.Property(d => d.Description).HasMaxLength(Limits.NotesLength);
        builder.Property(d => d.Axis).HasMaxLength(Limits.NameLength);
        builder.HasData(DefaultRubric.Dimensions);
    }
}

internal sealed class TechniqueConfiguration : IEntityTypeConfiguration<Technique>
{
    public void Configure(EntityTypeBuilder<Technique> builder)
    {
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).HasMaxLength(Limits.KeyLength);
        builder.Property(t => t.Label).HasMaxLength(Limits.NameLength);
        builder.Property(t => t.Definition).HasMaxLength(Limits.NotesLength);
        builder.Property(t => t.Source).HasMaxLength(Limits.NameLength);
        builder.HasData(DefaultTaxonomy.Techniques.Select(t =>
            new Technique(t.Key, t.Kind, t.Label, t.Definition, t.Source, DefaultRubric.PublishedAt)));
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).HasMaxLength(Limits.KeyLength);
        builder.Property(t => t.Label).HasMaxLength(Limits.NameLength);
        builder.Property(t => t.Description).HasMaxLength(Limits.NotesLength);
        builder.HasData(DefaultTaxonomy.Tags.Select(t => new Tag(t.Key, t.Label, t.Description, DefaultRubric.PublishedAt)));
    }
}
