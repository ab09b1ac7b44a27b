package dev.dlpipe.jobs;

import dev.dlpipe.engines.UserError;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses lower-case option values into enum constants, with an error that lists the choices. */
final class Kinds {
  private Kinds() {}

  static <E extends Enum<E>> E parse(String value, Class<E> type, String option) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    String choices =
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    throw UserError.of(
        "invalid " + option + " " + value, "the choices are " + choices, "pass one of " + choices);
  }
}
