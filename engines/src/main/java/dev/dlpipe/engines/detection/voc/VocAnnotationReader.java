package dev.dlpipe.engines.detection.voc;

import dev.dlpipe.engines.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads PASCAL VOC annotation XML files into {@link VocAnnotation}s, field for field as
 * py-faster-rcnn's {@code parse_rec} does (name, pose, truncated, difficult, bndbox of every {@code
 * <object>}), plus the image's {@code <filename>} and {@code <size>}.
 *
 * <p>Security: annotation files come from outside (downloaded data sets, labelling tools), so the
 * parser refuses any {@code DOCTYPE}. That shuts out external entities (XXE: an entity pointing at
 * {@code file:///etc/passwd} would otherwise be read and inlined) and entity-expansion bombs;
 * external DTDs, XInclude and entity expansion are also off, and secure processing is on. VOC files
 * never need a DTD.
 *
 * <p>Leniency, where the reference would crash rather than give another answer: a missing {@code
 * <pose>} reads as {@code Unspecified}, a missing {@code <truncated>} or {@code <difficult>} as 0,
 * and box coordinates may be decimals (parse_rec's {@code int()} accepts integers only). Required:
 * {@code <filename>}, {@code <size>} with width, height and depth, and per object {@code <name>}
 * and {@code <bndbox>} with four finite numbers. Every problem is a {@link UserError} naming the
 * file.
 *
 * <p>Thread-safe: each call builds its own parser.
 */
public final class VocAnnotationReader {
  private VocAnnotationReader() {}

  /**
   * Reads {@code <annotationDir>/<id>.xml} for every id, keyed by id in the given order (voc_eval's
   * {@code annopath.format(imagename)}).
   */
  public static Map<String, VocAnnotation> readAll(Path annotationDir, List<String> imageIds) {
    Map<String, VocAnnotation> out = new LinkedHashMap<>();
    for (String id : imageIds) {
      out.put(id, read(annotationDir.resolve(id + ".xml")));
    }
    return out;
  }

  /** Reads one annotation file; errors name {@code file}. */
  public static VocAnnotation read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw UserError.of(
          "cannot read VOC annotation " + file,
          "the file could not be opened (" + e + ")",
          "check that the path exists and is readable",
          e);
    }
  }

  /**
   * Reads one annotation from {@code in} (not closed here); {@code source} names it in errors
   * (usually the file path).
   */
  public static VocAnnotation read(InputStream in, String source) {
    Document doc;
    try {
      DocumentBuilder builder = newSecureFactory().newDocumentBuilder();
      // Errors surface as one exception, never as "[Fatal Error]" lines on stderr.
      builder.setErrorHandler(
          new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) throws SAXException {
              throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
              throw e;
            }
          });
      InputSource input = new InputSource(in);
      input.setSystemId(source);
      doc = builder.parse(input);
    } catch (SAXException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("DOCTYPE")) {
        throw UserError.of(
            "refused VOC annotation " + source,
            "it declares a DOCTYPE, which could pull in external entities (XXE) or expand entity"
                + " bombs; DTDs are never read",
            "remove the <!DOCTYPE ...> declaration; VOC annotation files do not need one",
            e);
      }
      throw UserError.of(
          "malformed VOC annotation " + source,
          "the XML does not parse: " + message,
          "fix or regenerate the file (a VOC annotation is an <annotation> element with <object>"
              + " children)",
          e);
    } catch (IOException e) {
      throw UserError.of(
          "cannot read VOC annotation " + source,
          "reading failed (" + e + ")",
          "check that the file is readable",
          e);
    } catch (ParserConfigurationException e) {
      // A JDK without these features cannot parse safely: a bug in the environment, not the data.
      throw new IllegalStateException(
          "the JDK's XML parser lacks the secure-processing features", e);
    }
    return toAnnotation(doc.getDocumentElement(), source);
  }

  private static DocumentBuilderFactory newSecureFactory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(false);
    f.setValidating(false);
    return f;
  }

  private static VocAnnotation toAnnotation(Element root, String source) {
    if (!root.getTagName().equals("annotation")) {
      throw UserError.of(
          "malformed VOC annotation " + source,
          "the root element is <" + root.getTagName() + ">, not <annotation>",
          "pass a PASCAL VOC annotation file (Annotations/<image id>.xml)");
    }
    String filename = requiredText(root, "filename", source, "the annotation");
    Element size = requiredChild(root, "size", source, "the annotation");
    int width = integer(size, "width", source, "<size>");
    int height = integer(size, "height", source, "<size>");
    int depth = integer(size, "depth", source, "<size>");

    List<VocObject> objects = new ArrayList<>();
    int index = 0;
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals("object")) {
        objects.add(toObject(e, source, "object #" + index));
        index++;
      }
    }
    return new VocAnnotation(filename, width, height, depth, objects);
  }

  private static VocObject toObject(Element obj, String source, String where) {
    String name = requiredText(obj, "name", source, where);
    Element pose = child(obj, "pose");
    Element truncated = child(obj, "truncated");
    Element difficult = child(obj, "difficult");
    Element bndbox = requiredChild(obj, "bndbox", source, where);
    String boxWhere = where + " <bndbox>";
    VocBox box =
        new VocBox(
            coordinate(bndbox, "xmin", source, boxWhere),
            coordinate(bndbox, "ymin", source, boxWhere),
            coordinate(bndbox, "xmax", source, boxWhere),
            coordinate(bndbox, "ymax", source, boxWhere));
    return new VocObject(
        name,
        pose == null ? "Unspecified" : pose.getTextContent().trim(),
        truncated != null && integer(obj, "truncated", source, where) != 0,
        difficult != null && integer(obj, "difficult", source, where) != 0,
        box);
  }

  /** The first direct child element named {@code tag}, or null. */
  private static Element child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  private static Element requiredChild(Element parent, String tag, String source, String where) {
    Element e = child(parent, tag);
    if (e == null) {
      throw UserError.of(
          "malformed VOC annotation " + source,
          where + " has no <" + tag + "> element",
          "add <" + tag + "> or regenerate the file with a VOC-compatible tool");
    }
    return e;
  }

  private static String requiredText(Element parent, String tag, String source, String where) {
    return requiredChild(parent, tag, source, where).getTextContent().trim();
  }

  private static int integer(Element parent, String tag, String source, String where) {
    String text = requiredText(parent, tag, source, where);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw UserError.of(
          "malformed VOC annotation " + source,
          where + " <" + tag + "> is \"" + text + "\", not an integer",
          "write a whole number there");
    }
  }

  private static double coordinate(Element parent, String tag, String source, String where) {
    String text = requiredText(parent, tag, source, where);
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!Double.isFinite(v)) {
      throw UserError.of(
          "malformed VOC annotation " + source,
          where + " <" + tag + "> is \"" + text + "\", not a finite number",
          "write the pixel coordinate as a number (VOC uses 1-based integers)");
    }
    return v;
  }
}
