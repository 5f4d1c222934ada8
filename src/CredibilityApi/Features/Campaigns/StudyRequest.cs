using CredibilityApi.Domain;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Campaigns;

/// <summary>A campaign report's request: the campaign's id from the route.</summary>
public sealed class CampaignReportRequest
{
    /// <summary>The campaign's id.</summary>
    public string Id { get; init; } = "";
}

public sealed class CampaignReportValidator : Validator<CampaignReportRequest>
{
    public CampaignReportValidator() => RuleFor(x => x.Id).NotEmpty().MaximumLength(Limits.IdLength);
}
