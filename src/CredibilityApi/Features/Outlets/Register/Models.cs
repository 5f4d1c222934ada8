using CredibilityApi.Domain;

namespace CredibilityApi.Features.Outlets.Register;

/// <summary>A new outlet with its domains.</summary>
public sealed class Request : OutletFields;

public sealed class Validator : OutletFieldsValidator<Request>;

internal static class Examples
{
    public static Request Request => new()
    {
        Name = "Tehran Evening Herald",
        Homepage = "https://www.herald-example.ir/",
        PrimaryDomain = "herald-example.ir",
        Aliases = ["herald-example.co.uk"],
        Country = "IR",
        Language = "fa",
        Ownership = Ownership.State,
        Notes = "English edition served from the .co.uk mirror.",
    };
}
