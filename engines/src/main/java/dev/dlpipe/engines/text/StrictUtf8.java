package dev.dlpipe.engines.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes bytes as UTF-8 and refuses, rather than repairs, anything that is not valid UTF-8
 * (overlong forms, surrogates, truncated sequences, stray continuation bytes). The usual readers
 * replace bad bytes with U+FFFD silently; a corpus pipeline must instead quarantine the line and
 * say where it broke.
 *
 * <p>Not thread-safe (it reuses one decoder and buffer): use one per thread.
 */
public final class StrictUtf8 {
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private CharBuffer out = CharBuffer.allocate(256);

  /** Thrown for bytes that are not valid UTF-8; {@link #offset()} is the first bad byte. */
  public static final class InvalidUtf8Exception extends CharacterCodingException {
    private static final long serialVersionUID = 1L;
    private final int offset;
    private final int length;

    InvalidUtf8Exception(int offset, int length) {
      this.offset = offset;
      this.length = length;
    }

    /** Offset of the first invalid byte from the start of the decoded range. */
    public int offset() {
      return offset;
    }

    /** Number of bytes in the invalid sequence. */
    public int length() {
      return length;
    }

    @Override
    public String getMessage() {
      return "invalid UTF-8: " + length + " malformed byte(s) at byte offset " + offset;
    }
  }

  /**
   * Decodes {@code bytes[from, from + len)}.
   *
   * @throws InvalidUtf8Exception at the first byte sequence that is not valid UTF-8
   */
  public String decode(byte[] bytes, int from, int len) throws InvalidUtf8Exception {
    // UTF-8 never yields more UTF-16 units than bytes, so one buffer of len chars always suffices.
    if (out.capacity() < len) {
      out = CharBuffer.allocate(Math.max(len, out.capacity() * 2));
    }
    out.clear();
    ByteBuffer in = ByteBuffer.wrap(bytes, from, len);
    decoder.reset();
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new InvalidUtf8Exception(in.position() - from, result.length());
    }
    out.flip();
    return out.toString();
  }
}
