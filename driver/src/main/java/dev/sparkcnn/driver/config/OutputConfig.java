package dev.sparkcnn.driver.config;

/**
 * Where results go.
 *
 * @param dir output folder: a local path or a Hadoop URI; default {@code out/run}
 * @param overwrite replace the results of an earlier run in {@code dir}; default false, which
 *     makes a non-empty {@code dir} an error
 */
public record OutputConfig(String dir, boolean overwrite) {}
