package dev.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  private static final int COUNT = 7;
  private final byte[] labels = new byte[COUNT];
  private final byte[] pixels = SyntheticIdx.pixels(COUNT, 5, 4, 10, 1, labels);
  private final byte[] imagesFile = SyntheticIdx.imagesFile(COUNT, 5, 4, pixels);
  private final byte[] labelsFile = SyntheticIdx.labelsFile(labels);

  @Test
  void readsPlainImagesAndLabels() throws IOException {
    IdxImages images = IdxReader.readImages("imgs", stream(imagesFile));
    assertEquals(COUNT, images.count());
    assertEquals(5, images.rows());
    assertEquals(4, images.cols());
    assertArrayEquals(pixels, images.pixels());
    assertArrayEquals(labels, IdxReader.readLabels("lbls", stream(labelsFile)).labels());
  }

  @Test
  void readsGzipByContentNotName() throws IOException {
    IdxImages images = IdxReader.readImages("imgs-without-gz-suffix", stream(SyntheticIdx.gzip(imagesFile)));
    assertArrayEquals(pixels, images.pixels());
    assertArrayEquals(labels, IdxReader.readLabels("l.gz", stream(SyntheticIdx.gzip(labelsFile))).labels());
  }

  @Test
  void wrongMagicNamesFileExpectedAndFound() {
    byte[] bad = imagesFile.clone();
    bad[3] = 0x04;
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages("data/x-images", stream(bad)));
    assertTrue(e.getMessage().startsWith("data/x-images: "), e.getMessage());
    assertTrue(e.getMessage().contains("expected magic number 0x00000803"), e.getMessage());
    assertTrue(e.getMessage().contains("found 0x00000804"), e.getMessage());
  }

  @Test
  void labelFileGivenAsImagesSaysSo() {
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages("f", stream(labelsFile)));
    assertTrue(e.getMessage().contains("this is a label file"), e.getMessage());
  }

  @Test
  void truncatedPixelsReportExpectedAndFoundBytes() {
    byte[] cut = Arrays.copyOf(imagesFile, imagesFile.length - 3);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages("t", stream(cut)));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("(" + COUNT * 20 + " bytes after the 16-byte header), found only " + (COUNT * 20 - 3)),
        e.getMessage());
  }

  @Test
  void truncatedHeaderNamesTheMissingField() {
    byte[] cut = Arrays.copyOf(imagesFile, 10);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages("h", stream(cut)));
    assertTrue(e.getMessage().contains("truncated header") && e.getMessage().contains("row count"), e.getMessage());
  }

  @Test
  void truncatedGzipIsReported() {
    byte[] gz = SyntheticIdx.gzip(imagesFile);
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages("g.gz", stream(cut)));
    assertTrue(e.getMessage().startsWith("g.gz: "), e.getMessage());
  }

  @Test
  void brokenGzipDataIsReported() {
    byte[] gz = SyntheticIdx.gzip(imagesFile);
    for (int i = 20; i < gz.length - 8; i++) {
      gz[i] = (byte) 0xAA;
    }
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages("b.gz", stream(gz)));
    assertTrue(e.getMessage().startsWith("b.gz: "), e.getMessage());
    assertTrue(e.getMessage().contains("gzip") || e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void trailingBytesMeanTheCountsAreWrong() {
    byte[] longer = Arrays.copyOf(labelsFile, labelsFile.length + 2);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels("l", stream(longer)));
    assertTrue(e.getMessage().contains("unexpected data after " + COUNT + " labels"), e.getMessage());
  }

  @Test
  void emptyFileIsReported() {
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels("empty", stream(new byte[0])));
    assertEquals("empty: the file is empty; expected an IDX header", e.getMessage());
  }

  @Test
  void implausibleDimensionsAreRejected() {
    byte[] bad = imagesFile.clone();
    ByteBuffer.wrap(bad).putInt(8, 0);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages("d", stream(bad)));
    assertTrue(e.getMessage().contains("expected row count between 1 and 4096, found 0"), e.getMessage());
  }

  @Test
  void countsThatDisagreeNameBothFiles() throws IOException {
    IdxImages images = IdxReader.readImages("imgs", stream(imagesFile));
    IdxLabels fewer = new IdxLabels("lbls", Arrays.copyOf(labels, COUNT - 1));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> ImageDataset.of(images, fewer, 10));
    assertEquals("lbls: holds 6 labels but imgs holds 7 images; expected the same count", e.getMessage());
  }

  @Test
  void labelOutOfRangeNamesIndexAndOffset() throws IOException {
    IdxImages images = IdxReader.readImages("imgs", stream(imagesFile));
    byte[] bad = labels.clone();
    bad[4] = (byte) 200;
    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> ImageDataset.of(images, new IdxLabels("lbls", bad), 10));
    assertEquals("lbls: label 200 at index 4 (byte offset 12) is out of range; expected 0..9", e.getMessage());
  }

  @Test
  void loaderReadsLocalFilesAndResolvesGzipTwins(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("imgs.gz"), SyntheticIdx.gzip(imagesFile));
    Files.write(dir.resolve("lbls"), labelsFile);
    IdxDatasetLoader loader = new IdxDatasetLoader(new Configuration());
    String imagesPath = loader.resolve(dir.resolve("imgs").toString());
    assertTrue(imagesPath.endsWith("imgs.gz"));
    ImageDataset data = loader.load(imagesPath, dir.resolve("lbls").toUri().toString(), 10);
    assertEquals(COUNT, data.size());
    assertEquals(labels[3] & 0xff, data.label(3));
    assertEquals(3, data.limit(3).size());
    assertEquals(COUNT, data.limit(0).size());
  }

  @Test
  void loaderNamesAMissingFile(@TempDir Path dir) {
    IdxDatasetLoader loader = new IdxDatasetLoader(new Configuration());
    String missing = dir.resolve("nope").toString();
    FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> loader.load(missing, missing, 10));
    assertTrue(e.getMessage().startsWith(missing + ": no such file"), e.getMessage());
  }

  private static ByteArrayInputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }
}
