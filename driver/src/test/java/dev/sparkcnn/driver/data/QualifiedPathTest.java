package dev.sparkcnn.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class QualifiedPathTest {
  private final Configuration conf = new Configuration();

  @Test
  void aRelativePathIsTakenFromTheDriversWorkingFolder() throws Exception {
    String cwd = Path.of("").toAbsolutePath().toString();
    assertEquals("file:" + cwd + "/data/mnist", QualifiedPath.of("data/mnist", conf));
    assertEquals("file:" + cwd + "/data/mnist", QualifiedPath.of("./data/mnist/", conf));
  }

  @Test
  void absolutePathsAndUrisStayAsWritten() throws Exception {
    assertEquals("/srv/mnist", QualifiedPath.of("/srv/mnist", conf));
    assertEquals("file:/srv/mnist", QualifiedPath.of("file:/srv/mnist", conf));
    assertEquals("hdfs://nn:8020/mnist", QualifiedPath.of("hdfs://nn:8020/mnist", conf));
    assertEquals("", QualifiedPath.of("", conf));
  }
}
