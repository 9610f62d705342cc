package dev.sparkcnn.driver.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What identifies a data set in the registry: IDX files by their bytes, folders by their listing. */
class DataFingerprintTest {
  @TempDir Path dir;

  private Map<String, String> fingerprint(Path data) throws Exception {
    return DataFingerprint.of(JobConfigParser.parse(null, Map.of("data.dir", data.toString())).data(), new Configuration());
  }

  @Test
  void idxFilesAreKnownByTheirBytes() throws Exception {
    Path idx = dir.resolve("idx");
    SyntheticIdx.writeMnistLike(idx, 20, 10, 1);
    Map<String, String> before = fingerprint(idx);
    assertTrue(before.get("trainImages").startsWith("train-images-idx3-ubyte sha256:"), before.toString());
    byte[] labels = Files.readAllBytes(idx.resolve("t10k-labels-idx1-ubyte"));
    labels[labels.length - 1] ^= 1;
    Files.write(idx.resolve("t10k-labels-idx1-ubyte"), labels);
    Map<String, String> after = fingerprint(idx);
    assertEquals(before.get("trainImages"), after.get("trainImages"));
    assertNotEquals(before.get("testLabels"), after.get("testLabels"), "one changed label changes the fingerprint");
  }

  @Test
  void classFoldersAreKnownByTheirListing() throws Exception {
    Path images = dir.resolve("images");
    for (String file : new String[] {"train/cat/1.png", "train/dog/2.png", "test/cat/3.png"}) {
      Files.createDirectories(images.resolve(file).getParent());
      Files.write(images.resolve(file), new byte[] {1, 2, 3});
    }
    Map<String, String> before = fingerprint(images);
    assertTrue(before.get("train").startsWith("2 files, listing sha256:"), before.toString());
    assertEquals(before, fingerprint(images), "the same folders, the same fingerprint");
    Files.write(images.resolve("train/dog/4.png"), new byte[] {4});
    Map<String, String> after = fingerprint(images);
    assertNotEquals(before.get("train"), after.get("train"), "a new image changes it");
    assertEquals(before.get("test"), after.get("test"));
  }
}
