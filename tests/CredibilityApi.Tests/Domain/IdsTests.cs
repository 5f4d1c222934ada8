using CredibilityApi.Domain;

namespace CredibilityApi.Tests.Domain;

public sealed class IdsTests
{
    [Fact]
    public void Ids_made_in_a_row_strictly_increase_even_within_one_millisecond()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => Ids.New("clm")).ToList();

        for (var i = 1; i < ids.Count; i++)
        {
            string.CompareOrdinal(ids[i - 1], ids[i]).ShouldBeLessThan(0, $"{ids[i - 1]} then {ids[i]}");
        }
    }

    [Fact]
    public void An_id_is_a_version_7_uuid_in_hex_whose_time_is_now()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = Ids.New("out");

        id.ShouldMatch("^out_[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$");
        var guid = Guid.ParseExact(id[4..], "N");
        guid.Version.ShouldBe(7);
        var millisecond = Convert.ToInt64(id[4..16], 16);
        millisecond.ShouldBeInRange(before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 50);
    }
}
