package dev.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {
  private static final int COUNT = 60;
  private final byte[] labels = new byte[COUNT];
  private final byte[] pixels = SyntheticIdx.pixels(COUNT, 6, 5, 10, 4, labels);

  private ImageDataset dataset() throws IOException {
    return ImageDataset.of(new IdxImages("imgs", COUNT, 6, 5, pixels), new IdxLabels("lbls", labels), 10);
  }

  @Test
  void keepClassesRelabelsByPositionAndKeepsOrderAndPixels() throws IOException {
    ImageDataset all = dataset();
    ImageDataset kept = all.keepClasses(List.of(7, 2), 0);
    List<Integer> expectedSources = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      if (all.label(i) == 7 || all.label(i) == 2) {
        expectedSources.add(i);
      }
    }
    assertEquals(expectedSources.size(), kept.size());
    for (int j = 0; j < kept.size(); j++) {
      int source = expectedSources.get(j);
      assertEquals(all.label(source) == 7 ? 0 : 1, kept.label(j));
      assertArrayEquals(all.pixels(source), kept.pixels(j));
    }
    assertEquals(3, all.keepClasses(List.of(7, 2), 3).size(), "the limit counts kept examples");
    assertThrows(IllegalArgumentException.class, () -> all.keepClasses(List.of(3, 3), 0));
  }

  @Test
  void writesIdxThatReadsBackTheSame() throws IOException {
    ImageDataset kept = dataset().limit(40).keepClasses(List.of(1, 4, 9), 0);
    IdxImages images = IdxReader.readImages("i", new ByteArrayInputStream(kept.imagesIdx()));
    IdxLabels labels = IdxReader.readLabels("l", new ByteArrayInputStream(kept.labelsIdx()));
    ImageDataset back = ImageDataset.of(images, labels, 3);
    assertEquals(kept.size(), back.size());
    assertEquals(kept.shape(), back.shape());
    for (int i = 0; i < kept.size(); i++) {
      assertEquals(kept.label(i), back.label(i));
      assertArrayEquals(kept.pixels(i), back.pixels(i));
    }
    ImageDataset limited = dataset().limit(11);
    assertEquals(11, IdxReader.readImages("i", new ByteArrayInputStream(limited.imagesIdx())).count(),
        "a limited set writes only its examples");
  }
}
