using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Infrastructure;

/// <summary>
/// The real clock moved by an offset the test controls: time still passes, but a test can jump ahead
/// (to let a key expire) without waiting.
/// </summary>
public sealed class ShiftableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>The real app whose <see cref="TimeProvider"/> is a <see cref="ShiftableClock"/>.</summary>
public sealed class ClockedApiFactory : ApiFactory
{
    public ShiftableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // Registered after the app's own TimeProvider.System, so this one is resolved.
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
