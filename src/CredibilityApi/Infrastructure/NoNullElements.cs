using System.Text.Json;
using System.Text.Json.Serialization;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Refuses <c>null</c> as an element of any list in a request (<c>"tags": [null]</c>,
/// <c>"attribution": [null]</c>). No list of the API holds nulls, and the validators' per-element rules
/// skip them, so without this a null element reached the handlers and failed there as a 500.
/// </summary>
public sealed class NoNullElementsConverterFactory : JsonConverterFactory
{
    public const string Message = "A list element is null.";

    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(List<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class Converter<T> : JsonConverter<List<T>>
    {
        public override List<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                // Without a message the serializer writes its own, naming the path and the expected type.
                throw new JsonException();
            }

            var list = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    throw new JsonException(Message);
                }

                list.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
            }

            return list;
        }

        public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value)
            {
                JsonSerializer.Serialize(writer, item, options);
            }

            writer.WriteEndArray();
        }
    }
}
