package dev.sparkcnn.driver.config;

/** How a data set is stored ({@code data.format}). */
public enum DataFormat {
  /** Told apart by what {@code data.dir} holds: IDX files, Parquet files, or class folders. */
  AUTO,
  /** MNIST's IDX files, read by record ranges on the executors (gzipped ones streamed by one task). */
  IDX,
  /** A Parquet table or folder of tables, with an image and a label column (and an id column). */
  PARQUET,
  /** A folder per class holding PNG or JPEG files, decoded on the executors. */
  IMAGES,
  /** A folder per class read by Spark's own {@code spark.read.format("image")}. */
  IMAGE
}
