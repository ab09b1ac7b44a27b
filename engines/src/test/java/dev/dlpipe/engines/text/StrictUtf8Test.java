package dev.dlpipe.engines.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {
  private final StrictUtf8 utf8 = new StrictUtf8();

  @Test
  void decodesValidUtf8IncludingFourByteSequences() throws Exception {
    String text = "Straße 東京 𝐀 ok";
    byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.UTF_8);
    assertThat(utf8.decode(bytes, 2, bytes.length - 4)).isEqualTo(text);
  }

  @Test
  void decodesLongLinesAfterShortOnes() throws Exception {
    assertThat(utf8.decode(new byte[] {'a'}, 0, 1)).isEqualTo("a");
    byte[] big = "é".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    assertThat(utf8.decode(big, 0, big.length)).hasSize(10_000);
  }

  @Test
  void refusesLatin1AndReportsTheOffset() {
    byte[] latin1 = "café au lait".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> utf8.decode(latin1, 0, latin1.length))
        .isInstanceOf(StrictUtf8.InvalidUtf8Exception.class)
        .hasMessage("invalid UTF-8: 1 malformed byte(s) at byte offset 3");
  }

  @Test
  void refusesOverlongSurrogateAndTruncatedSequences() {
    byte[][] bad = {
      {(byte) 0xC0, (byte) 0x80}, // overlong NUL
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // UTF-16 surrogate D800
      {'a', (byte) 0xE6, (byte) 0x9D}, // truncated 3-byte sequence at the end
      {(byte) 0x80}, // stray continuation byte
    };
    for (byte[] b : bad) {
      assertThatThrownBy(() -> utf8.decode(b, 0, b.length))
          .isInstanceOf(StrictUtf8.InvalidUtf8Exception.class);
    }
  }
}
