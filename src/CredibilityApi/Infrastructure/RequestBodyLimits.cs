using Microsoft.AspNetCore.Http.Features;
using CredibilityApi.Domain;

namespace CredibilityApi.Infrastructure;

/// <summary>Endpoint metadata raising the body limit above the default, for requests that carry article text.</summary>
public sealed record RequestBodyLimit(long Bytes);

/// <summary>
/// Enforces the body size limit of the matched endpoint (1 MiB unless it says otherwise): a declared
/// length over the limit is refused before anything is read, and the server stops reading a body
/// that grows past it.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        // A request that cannot have a body (no Content-Length, not chunked: most reads) has nothing to limit.
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return next(context);
        }

        var limit = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>()?.Bytes ?? Limits.RequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return WriteTooLargeAsync(context, limit);
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        // A chunked body declares no length; count it as it is read, whatever the server underneath.
        context.Request.Body = new LengthLimitedStream(context.Request.Body, limit);
        return next(context);
    }

    public static Task WriteTooLargeAsync(HttpContext context, long limit) =>
        Problems.WriteAsync(
            context,
            StatusCodes.Status413PayloadTooLarge,
            "Request body too large",
            $"This endpoint accepts request bodies of at most {limit} bytes.");
}

/// <summary>A read-only stream that fails with 413 once more than its limit has been read.</summary>
internal sealed class LengthLimitedStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        if (_read > limit)
        {
            throw new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        return read;
    }
}
