package dev.dlpipe.engines.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlpipe.engines.UserError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VectorsFileTest {
  private static WordVectors sample() {
    return new WordVectors(
        new String[] {"</s>", "the", "naïve", "x"},
        WordSimilarityTest.rows(
            new float[][] {{0.1f, -0.2f}, {1.5f, 0f}, {-0.0000004f, 3.25f}, {1e-7f, -1e6f}}));
  }

  @Test
  void binaryIsWord2VecCsLayout() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VectorsFile.write(sample(), VectorsFile.Format.BINARY, out);
    byte[] b = out.toByteArray();
    assertThat(new String(b, 0, 9, StandardCharsets.US_ASCII)).isEqualTo("4 2\n</s> ");
    ByteBuffer f = ByteBuffer.wrap(b, 9, 8).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(f.getFloat()).isEqualTo(0.1f);
    assertThat(f.getFloat()).isEqualTo(-0.2f);
    assertThat(b[17]).isEqualTo((byte) '\n');
    WordVectors back = VectorsFile.read(new ByteArrayInputStream(b), 0, "t");
    assertThat(back.words()).containsExactly("</s>", "the", "naïve", "x");
    assertThat(back.vectors().get(3, 1)).isEqualTo(-1e6f);
  }

  @Test
  void textIsPrintfLf() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VectorsFile.write(sample(), VectorsFile.Format.TEXT, out);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .isEqualTo(
            "4 2\n</s> 0.100000 -0.200000 \nthe 1.500000 0.000000 \nnaïve -0.000000 3.250000 \n"
                + "x 0.000000 -1000000.000000 \n");
    WordVectors back = VectorsFile.read(new ByteArrayInputStream(out.toByteArray()), 2, "t");
    assertThat(back.words()).containsExactly("</s>", "the");
    assertThat(back.vectors().get(1, 0)).isEqualTo(1.5f);
  }

  @Test
  void readsBinaryWithoutNewlines() throws IOException {
    // gensim writes records back to back, with no '\n' after a vector.
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.put("2 1\n".getBytes(StandardCharsets.US_ASCII));
    b.put("ab ".getBytes(StandardCharsets.US_ASCII)).putFloat(2f);
    b.put("cd ".getBytes(StandardCharsets.US_ASCII)).putFloat(-3f);
    WordVectors v = VectorsFile.read(new ByteArrayInputStream(b.array(), 0, b.position()), 0, "g");
    assertThat(v.words()).containsExactly("ab", "cd");
    assertThat(v.vectors().get(1, 0)).isEqualTo(-3f);
  }

  @Test
  void aFileThatIsNotVectorsIsAUserError() {
    assertThatThrownBy(
            () ->
                VectorsFile.read(
                    new ByteArrayInputStream("hello world\n".getBytes(StandardCharsets.UTF_8)),
                    0,
                    "notes.txt"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("notes.txt is not a word2vec vectors file")
        .hasMessageContaining("not '<words> <dim>'");
    assertThatThrownBy(
            () ->
                VectorsFile.read(
                    new ByteArrayInputStream("3 2\na 1 2\n".getBytes(StandardCharsets.UTF_8)),
                    0,
                    "short.txt"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("ends");
  }
}
