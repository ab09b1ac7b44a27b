package dev.dlpipe.engines.detection.voc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlpipe.engines.UserError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocAnnotationReaderTest {
  @TempDir Path tmp;

  private static VocAnnotation parse(String xml) {
    return VocAnnotationReader.read(
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
  }

  @Test
  void readsARealAnnotationFieldForField() {
    Path file =
        VocParityTest.resourceDir("/voc/det_cartucho/Annotations").resolve("2007_000027.xml");
    VocAnnotation a = VocAnnotationReader.read(file);
    assertThat(a.filename()).isEqualTo("2007_000027.jpg");
    assertThat(List.of(a.width(), a.height(), a.depth())).containsExactly(640, 480, 3);
    assertThat(a.objects()).hasSize(15);
    assertThat(a.objects().get(0))
        .isEqualTo(
            new VocObject(
                "pictureframe", "Unspecified", false, false, new VocBox(176, 206, 225, 266)));
    assertThat(a.objectsOf("book")).hasSize(6);
    assertThat(a.objectsOf("vase").get(0).box()).isEqualTo(new VocBox(276, 233, 304, 259));
  }

  @Test
  void readsDifficultTruncatedAndPoseAndDefaultsTheOptionalOnes() {
    VocAnnotation a =
        parse(
            """
            <annotation>
              <filename>x.jpg</filename>
              <size><width>10</width><height>20</height><depth>3</depth></size>
              <object>
                <name>cat</name><pose>Left</pose><truncated>1</truncated><difficult>1</difficult>
                <bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3.5</xmax><ymax>4</ymax></bndbox>
              </object>
              <object>
                <name>dog</name>
                <bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox>
              </object>
            </annotation>
            """);
    assertThat(a.objects())
        .containsExactly(
            new VocObject("cat", "Left", true, true, new VocBox(1, 2, 3.5, 4)),
            new VocObject("dog", "Unspecified", false, false, new VocBox(1, 2, 3, 4)));
  }

  @Test
  void refusesExternalEntitiesWithoutReadingTheFile() throws IOException {
    Path secret = tmp.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    Path evil = tmp.resolve("evil.xml");
    Files.writeString(
        evil,
        "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE annotation [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]>\n"
            + "<annotation><filename>&x;</filename>"
            + "<size><width>1</width><height>1</height><depth>3</depth></size></annotation>\n");
    assertThatThrownBy(() -> VocAnnotationReader.read(evil))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("refused VOC annotation " + evil)
        .hasMessageContaining("DOCTYPE")
        .hasMessageContaining("XXE")
        .hasMessageContaining("remove the <!DOCTYPE")
        .satisfies(e -> assertThat(fullText(e)).doesNotContain("TOP-SECRET-CONTENT"));
  }

  @Test
  void refusesTheClassicPasswdPayloadAndEntityBombs() {
    String passwd =
        "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><annotation>&x;</annotation>";
    assertThatThrownBy(() -> parse(passwd))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("refused VOC annotation test.xml")
        .satisfies(e -> assertThat(fullText(e)).doesNotContain("root:"));
    String bomb =
        "<!DOCTYPE a [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + "<annotation>&b;</annotation>";
    assertThatThrownBy(() -> parse(bomb)).hasMessageContaining("refused VOC annotation");
  }

  @Test
  void malformedXmlNamesTheFile() throws IOException {
    Path bad = tmp.resolve("2007_000001.xml");
    Files.writeString(bad, "<annotation><filename>x.jpg</filename>");
    assertThatThrownBy(() -> VocAnnotationReader.read(bad))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("malformed VOC annotation " + bad + ": the XML does not parse")
        .hasMessageContaining("Fix: fix or regenerate the file");
  }

  @Test
  void missingElementsAndBadNumbersSayWhere() {
    assertThatThrownBy(() -> parse("<annotation><filename>x</filename></annotation>"))
        .hasMessage(
            "malformed VOC annotation test.xml: the annotation has no <size> element."
                + " Fix: add <size> or regenerate the file with a VOC-compatible tool");
    String size =
        "<filename>x</filename><size><width>1</width><height>1</height><depth>3</depth></size>";
    assertThatThrownBy(
            () -> parse("<annotation>" + size + "<object><name>cat</name></object></annotation>"))
        .hasMessageContaining("object #0 has no <bndbox> element");
    assertThatThrownBy(
            () ->
                parse(
                    "<annotation>"
                        + size
                        + "<object><name>cat</name><bndbox><xmin>1</xmin><ymin>one</ymin>"
                        + "<xmax>3</xmax><ymax>4</ymax></bndbox></object></annotation>"))
        .hasMessageContaining("object #0 <bndbox> <ymin> is \"one\", not a finite number");
    assertThatThrownBy(() -> parse("<voc/>"))
        .hasMessageContaining("the root element is <voc>, not <annotation>");
  }

  @Test
  void aMissingFileIsAUserError() {
    Path missing = tmp.resolve("nope.xml");
    assertThatThrownBy(() -> VocAnnotationReader.read(missing))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("cannot read VOC annotation " + missing);
  }

  private static String fullText(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t).append('\n');
    }
    return sb.toString();
  }
}
