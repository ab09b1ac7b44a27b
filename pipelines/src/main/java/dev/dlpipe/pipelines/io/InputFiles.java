package dev.dlpipe.pipelines.io;

import dev.dlpipe.engines.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Expands the inputs a user names (files, directories, globs, on any Hadoop filesystem) into a
 * sorted list of fully qualified files. Directories are walked recursively; names starting with
 * {@code .} or {@code _} (hidden files, {@code _SUCCESS} markers) are skipped there, as Hadoop's
 * input formats do.
 */
public final class InputFiles {
  private InputFiles() {}

  /**
   * The files named by {@code inputs}, qualified and sorted; an input that matches nothing is an
   * error.
   */
  public static List<Path> expand(Configuration conf, List<String> inputs) {
    if (inputs.isEmpty()) {
      throw UserError.of(
          "no input given", "the job reads at least one file", "pass --input FILE|DIR|GLOB");
    }
    TreeSet<Path> files = new TreeSet<>();
    for (String input : inputs) {
      int before = files.size();
      try {
        Path pattern = new Path(input);
        FileSystem fs = pattern.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(pattern);
        if (matches != null) {
          for (FileStatus m : matches) {
            if (m.isDirectory()) {
              RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
              while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                if (!hidden(m.getPath(), f.getPath())) {
                  files.add(fs.makeQualified(f.getPath()));
                }
              }
            } else {
              files.add(fs.makeQualified(m.getPath()));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list input " + input, e);
      }
      if (files.size() == before) {
        throw UserError.of(
            "input '" + input + "' matched no file",
            "it does not exist, or it is an empty directory, or the glob matched nothing",
            "check the path (relative paths are relative to the current directory; quote globs so the"
                + " shell does not expand them)");
      }
    }
    return new ArrayList<>(files);
  }

  private static boolean hidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith(".") || name.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
