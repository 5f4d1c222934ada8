using Mapster;

namespace CredibilityApi.Infrastructure;

/// <summary>The one Mapster configuration, built from the <see cref="IRegister"/> classes of the features.</summary>
public static class Mapping
{
    public static TypeAdapterConfig CreateConfig()
    {
        var config = new TypeAdapterConfig();
        config.Scan(typeof(Mapping).Assembly);
        return config;
    }
}
