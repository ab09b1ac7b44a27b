package dev.dlpipe.jobs;

import dev.dlpipe.models.go.PolicyValueConfig;
import picocli.CommandLine.Option;

/** Shape and optimiser of a new policy-value network (a picocli mixin). */
public final class GoNetworkOptions {
  @Option(
      names = "--board",
      defaultValue = "9",
      paramLabel = "N",
      description = "Board size, 9 or 19 (5..19). Default: ${DEFAULT-VALUE}.")
  int board;

  @Option(
      names = "--blocks",
      defaultValue = "4",
      paramLabel = "N",
      description = "Residual blocks (tiny: 4; AlphaGo Zero: 20 or 40). Default: ${DEFAULT-VALUE}.")
  int blocks;

  @Option(
      names = "--filters",
      defaultValue = "32",
      paramLabel = "N",
      description =
          "Filters per convolution (tiny: 32; AlphaGo Zero: 256). Default: ${DEFAULT-VALUE}.")
  int filters;

  @Option(
      names = "--value-hidden",
      defaultValue = "64",
      paramLabel = "N",
      description = "Width of the value head's hidden layer. Default: ${DEFAULT-VALUE}.")
  int valueHidden;

  @Option(
      names = "--learning-rate",
      defaultValue = "0.02",
      paramLabel = "LR",
      description = "The optimiser's learning rate. Default: ${DEFAULT-VALUE}.")
  double learningRate;

  @Option(
      names = "--optimizer",
      defaultValue = "nesterovs",
      paramLabel = "KIND",
      description =
          "nesterovs (SGD with Nesterov momentum 0.9, AlphaGo Zero's) or adam (far fewer steps"
              + " for a small network; use --learning-rate 0.001). Default: ${DEFAULT-VALUE}.")
  String optimizer;

  @Option(
      names = "--l2",
      defaultValue = "1e-4",
      paramLabel = "C",
      description = "L2 weight regularisation. Default: ${DEFAULT-VALUE}.")
  double l2;

  PolicyValueConfig config(long seed) {
    return new PolicyValueConfig(
        board,
        blocks,
        filters,
        valueHidden,
        l2,
        learningRate,
        Kinds.parse(optimizer, PolicyValueConfig.Optimizer.class, "--optimizer"),
        seed);
  }
}
