package dev.dlpipe.pipelines.ops;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Who is running: the identity every output row of a run carries.
 *
 * @param runId the run id (a rerun with the same id replaces that run's outputs)
 * @param job the job name, as in the registry
 * @param arguments the job's command-line arguments
 * @param configHash hash of the resolved configuration
 * @param version the dlpipe version
 */
public record RunContext(
    String runId, String job, List<String> arguments, String configHash, String version)
    implements Serializable {
  public RunContext {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(job, "job");
    arguments = List.copyOf(arguments);
  }
}
