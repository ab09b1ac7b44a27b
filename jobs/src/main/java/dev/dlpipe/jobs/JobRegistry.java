package dev.dlpipe.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The one list of dlpipe jobs. {@code bin/dlpipe} and the jar's mains are built from it, and {@code
 * airflow-dags/dlpipe_jobs.json} is generated from it ({@code bin/dlpipe registry --write}), so a
 * DAG can only name jobs, main classes and options that exist; a test keeps that file current.
 */
public final class JobRegistry {
  /** What kind of entry: a job writes tables and is scheduled; a tool only reads. */
  public enum Kind {
    job,
    tool
  }

  /**
   * One entry.
   *
   * @param type the picocli command class; it also has the {@code main} that spark-submit calls
   * @param kind job or tool
   */
  public record Entry(Class<?> type, Kind kind) {
    /** The command name, e.g. {@code tokenize}. */
    public String name() {
      return spec().name();
    }

    /** The class to give {@code spark-submit --class}. */
    public String mainClass() {
      return type.getName();
    }

    /** The first line of the command's description. */
    public String summary() {
      return spec().usageMessage().description()[0];
    }

    /** A fresh command object. */
    public Object newCommand() {
      try {
        return type.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create " + type.getName(), e);
      }
    }

    /** The picocli model of the command. */
    public CommandSpec spec() {
      return new CommandLine(newCommand()).getCommandSpec();
    }
  }

  private static final List<Entry> ENTRIES =
      List.of(
          new Entry(TokenizeJob.class, Kind.job),
          new Entry(BleuJob.class, Kind.job),
          new Entry(EvalCocoJob.class, Kind.job),
          new Entry(EvalVocJob.class, Kind.job),
          new Entry(EvalSegJob.class, Kind.job),
          new Entry(SsdPriorsJob.class, Kind.tool),
          new Entry(IngestCocoJob.class, Kind.job),
          new Entry(IngestVocJob.class, Kind.job),
          new Entry(SsdTargetsJob.class, Kind.job),
          new Entry(FcnTargetsJob.class, Kind.job),
          new Entry(GoImportJob.class, Kind.job),
          new Entry(TrainLmJob.class, Kind.job),
          new Entry(TrainSeq2SeqJob.class, Kind.job),
          new Entry(TranslateJob.class, Kind.job),
          new Entry(GoInitJob.class, Kind.job),
          new Entry(SelfPlayJob.class, Kind.job),
          new Entry(TrainPolicyValueJob.class, Kind.job),
          new Entry(GateJob.class, Kind.job),
          new Entry(GoReplayJob.class, Kind.tool),
          new Entry(GoMatchJob.class, Kind.tool),
          new Entry(Word2VecJob.class, Kind.job),
          new Entry(Word2VecEvalJob.class, Kind.job),
          new Entry(Word2VecNeighborsJob.class, Kind.tool),
          new Entry(SqlJob.class, Kind.tool));

  private JobRegistry() {}

  /** Every entry, in the order {@code bin/dlpipe --help} lists them. */
  public static List<Entry> all() {
    return ENTRIES;
  }

  /** The entry named {@code name}. */
  public static Optional<Entry> find(String name) {
    return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The registry as JSON: name, kind, main class, summary and options of every entry. */
  public static String toJson() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put(
        "_comment",
        "Generated from dev.dlpipe.jobs.JobRegistry by `bin/dlpipe registry --write`; do not edit.");
    ArrayNode jobs = root.putArray("jobs");
    for (Entry e : ENTRIES) {
      CommandSpec spec = e.spec();
      ObjectNode job = jobs.addObject();
      job.put("name", e.name());
      job.put("kind", e.kind().name());
      job.put("main_class", e.mainClass());
      job.put("summary", e.summary());
      ArrayNode options = job.putArray("options");
      for (OptionSpec o : spec.options()) {
        if (o.usageHelp() || o.versionHelp()) {
          continue;
        }
        ObjectNode opt = options.addObject();
        opt.put("name", o.longestName());
        opt.put("required", o.required());
        opt.put("takes_value", o.arity().max() > 0);
        opt.put("description", String.join(" ", o.description()));
      }
      ArrayNode positionals = job.putArray("positionals");
      for (PositionalParamSpec p : spec.positionalParameters()) {
        positionals
            .addObject()
            .put("label", p.paramLabel())
            .put("description", String.join(" ", p.description()));
      }
    }
    try {
      return json.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
