package dev.sparkcnn.driver.config;

/**
 * Where results go.
 *
 * @param dir output folder: a local path or a Hadoop URI; default {@code out/run}
 * @param overwrite start afresh in a {@code dir} that holds an earlier run, replacing its files as
 *     new ones are written; default false
 * @param resume continue from the newest readable checkpoint in {@code dir}; default false. A run
 *     whose {@code dir} holds checkpoints of the same config (epochs aside) resumes without it;
 *     any other non-empty {@code dir} is an error unless one of these two is set
 * @param report write {@code report.html} (plots, misclassified images, saliency maps) when the run
 *     ends; default true. {@code spark-cnn report --run DIR} builds it later
 */
public record OutputConfig(String dir, boolean overwrite, boolean resume, boolean report) {}
