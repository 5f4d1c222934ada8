namespace CredibilityApi.Aggregation;

/// <summary>The parameters of methodology v1, cited by every aggregate and published at /api/v1/methodology.</summary>
public static class MethodologyV1
{
    public const string Version = "v1";
    public const double DefaultHalfLifeDays = 180;
    public const double VarianceFloor = 1e-6;
    public const double Z95 = 1.959963984540054;
}
