package dev.dlpipe.pipelines.ml;

import java.time.Instant;

/**
 * What one averaging round did, as a row of {@code dlpipe.ml.training_rounds}.
 *
 * @param epoch epoch, from 1
 * @param round round within the epoch, from 1
 * @param workers partitions that trained
 * @param examples examples trained on, all workers together
 * @param score DL4J's score after averaging: the workers' last-minibatch losses, averaged
 * @param fitMillis slowest worker's fit time
 * @param averagingMillis what averaging adds to the round: the tree-aggregate job beyond the
 *     slowest worker's fit (shipping and summing parameters and updater state), then dividing and
 *     setting them
 * @param broadcastMillis creating the broadcast of parameters and updater state
 * @param roundMillis the whole round on the driver
 * @param endedAt when the round ended
 */
public record RoundStats(
    int epoch,
    int round,
    int workers,
    long examples,
    double score,
    long fitMillis,
    long averagingMillis,
    long broadcastMillis,
    long roundMillis,
    Instant endedAt) {}
