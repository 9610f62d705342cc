package dev.sparkcnn.driver.registry;

import dev.sparkcnn.driver.config.DataConfig;
import dev.sparkcnn.driver.config.Setting;
import dev.sparkcnn.driver.data.DataSource;
import dev.sparkcnn.driver.data.MnistDataLocator;
import dev.sparkcnn.driver.files.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** What identifies the data a config names, for the registry's versions and retraining's run key. */
public final class DataFingerprint {

  private DataFingerprint() {}

  /**
   * What the data a config names is, without the driver holding it: for IDX files, each file's
   * SHA-256, read through in blocks; for tables and class folders, the SHA-256 of their file
   * listing (every file's path under the split, length and modification time). Keys in a fixed
   * order: the IDX files', or train and test.
   */
  public static Map<String, String> of(DataConfig data, Configuration hadoopConf) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String dir = data.dir();
    if (DataSource.isIdx(Setting.Type.spelling(data.format()), dir, data.train(), data.trainImages(), hadoopConf)) {
      Map<String, String> files = new LinkedHashMap<>();
      files.put("trainImages", data.trainImages());
      files.put("trainLabels", data.trainLabels());
      files.put("testImages", data.testImages());
      files.put("testLabels", data.testLabels());
      for (Map.Entry<String, String> idx : files.entrySet()) {
        Path file = new Path(MnistDataLocator.under(dir, idx.getValue()));
        FileSystem fs = file.getFileSystem(hadoopConf);
        if (!fs.exists(file) && fs.exists(file.suffix(".gz"))) {
          file = file.suffix(".gz");
        }
        out.put(idx.getKey(), file.getName() + " sha256:" + Sha256.of(fs.open(file)));
      }
      return out;
    }
    Map<String, String> splits = new LinkedHashMap<>();
    splits.put("train", data.train());
    splits.put("test", data.test());
    for (Map.Entry<String, String> split : splits.entrySet()) {
      Path root = new Path(MnistDataLocator.under(dir, split.getValue()));
      FileSystem fs = root.getFileSystem(hadoopConf);
      String prefix = fs.makeQualified(root).toUri().getPath();
      TreeMap<String, String> files = new TreeMap<>();
      var it = fs.listFiles(root, true);
      while (it.hasNext()) {
        var file = it.next();
        files.put(file.getPath().toUri().getPath().substring(prefix.length()), file.getLen() + " " + file.getModificationTime());
      }
      MessageDigest digest = Sha256.newDigest();
      files.forEach((name, stat) -> digest.update((name + " " + stat + "\n").getBytes(StandardCharsets.UTF_8)));
      out.put(split.getKey(), files.size() + " files, listing sha256:" + Sha256.hex(digest));
    }
    return out;
  }
}
