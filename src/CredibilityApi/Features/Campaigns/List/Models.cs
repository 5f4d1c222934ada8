using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Campaigns.List;

public sealed class Request : PagedRequest
{
    /// <summary>Only campaigns in this state.</summary>
    [QueryParam]
    public CampaignState? State { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.State).IsInEnum();
        this.AddPagingRules(c => Infrastructure.Cursor.TryDecode(c, 1, out _));
    }
}

/// <summary>A page of campaigns, in creation order.</summary>
[SchemaName("ListCampaignsResponse")]
public sealed class Response
{
    public required IReadOnlyList<CampaignModel> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}
