package dev.certflow.api.service.certificate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code domains} as a comma-separated string (the classic form) or as a JSON array. */
public class DomainsDeserializer extends JsonDeserializer<List<String>> {

  @Override
  public List<String> deserialize(JsonParser parser, DeserializationContext context)
      throws IOException {
    List<String> domains = new ArrayList<>();
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      for (String part : parser.getText().split(",", -1)) {
        if (!part.isBlank()) {
          domains.add(part.strip());
        }
      }
      return domains;
    }
    if (parser.currentToken() == JsonToken.START_ARRAY) {
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
          throw InvalidFormatException.from(
              parser, "each domain must be a string", parser.getText(), String.class);
        }
        domains.add(parser.getText().strip());
      }
      return domains;
    }
    throw InvalidFormatException.from(
        parser,
        "domains must be a comma-separated string or an array of strings",
        parser.getText(),
        List.class);
  }
}
