package dev.sparkcnn.model.blocks;

/**
 * A point in a graph under construction: the vertex whose output the next block takes, and how
 * many channels that output has.
 */
public record FeatureMaps(String vertex, int channels) {}
