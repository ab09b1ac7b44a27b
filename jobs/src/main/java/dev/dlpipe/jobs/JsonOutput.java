package dev.dlpipe.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON that jobs print with {@code --json}: indented, one shared mapper. */
final class JsonOutput {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonOutput() {}

  /** {@code node} as indented JSON. */
  static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
  }
}
