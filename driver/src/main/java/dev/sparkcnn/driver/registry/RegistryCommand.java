package dev.sparkcnn.driver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkcnn.driver.config.InvalidConfigException;
import dev.sparkcnn.driver.data.DataSource;
import dev.sparkcnn.driver.data.MnistDataLocator;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.output.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code models list|show|register|promote|rollback --registry URI ...}: the registry from the
 * command line. Promotion and rollback read the current generation and change it in one
 * compare-and-swap, so a concurrent change makes them fail rather than overwrite it.
 */
public final class RegistryCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DATA_KEYS = List.of("trainImages", "trainLabels", "testImages", "testLabels");
  private final PrintStream out;
  private final Configuration hadoopConf;

  public RegistryCommand(PrintStream out, Configuration hadoopConf) {
    this.out = out;
    this.hadoopConf = hadoopConf;
  }

  public void run(String[] args) throws InvalidConfigException, IOException {
    if (args.length == 0) {
      throw new InvalidConfigException(List.of("models needs a subcommand: list, show VERSION, register --run DIR, "
          + "promote VERSION, rollback; each with --registry URI"));
    }
    Map<String, String> options = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 < args.length) {
        options.put(args[i].substring(2), args[++i]);
      } else {
        positional.add(args[i]);
      }
    }
    String location = options.remove("registry");
    if (location == null) {
      throw new InvalidConfigException(List.of("models " + args[0] + ": --registry URI is required"));
    }
    ModelRegistry registry = new ModelRegistry(RunOutput.open(location, hadoopConf));
    try {
      dispatch(args[0], registry, options, positional);
    } catch (ConcurrentChangeException e) {
      throw new IOException(e.getMessage(), e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvalidConfigException(List.of(e.getMessage()));
    }
  }

  private void dispatch(String command, ModelRegistry registry, Map<String, String> options, List<String> positional)
      throws InvalidConfigException, IOException {
    String location = registry.location();
    String reason = options.getOrDefault("reason", "by hand");
    switch (command) {
      case "list" -> list(registry);
      case "show" -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
          registry.version(one(positional, "show")).orElseThrow(() -> new IllegalArgumentException(
              "registry " + location + " has no version " + positional.get(0)))));
      case "register" -> {
        String run = options.get("run");
        if (run == null) {
          throw new InvalidConfigException(List.of("models register: --run DIR (a finished train output) is required"));
        }
        ModelRegistry.Version v = register(registry, run);
        out.printf(Locale.ROOT, "registered %s from %s: accuracy %.4f%n", v.version(), run, v.metrics().path("accuracy").asDouble());
      }
      case "promote" -> {
        ModelRegistry.Pointer p = registry.promote(one(positional, "promote"),
            registry.current().map(ModelRegistry.Pointer::generation).orElse(0L), reason);
        out.printf("current is now %s (generation %d)%n", p.version(), p.generation());
      }
      case "rollback" -> {
        ModelRegistry.Pointer p = registry.rollback(registry.current().map(ModelRegistry.Pointer::generation).orElse(0L), reason);
        out.printf("rolled back: current is now %s (generation %d)%n", p.version(), p.generation());
      }
      default -> throw new InvalidConfigException(List.of("models: unknown subcommand '" + command
          + "'; use list, show, register, promote or rollback"));
    }
  }

  /**
   * Adds a finished train output folder as a version: its model.zip, its last metrics.jsonl
   * record, its config.json, and the SHA-256 of the data files that config names.
   */
  public ModelRegistry.Version register(ModelRegistry registry, String runDir) throws IOException {
    RunOutput run = RunOutput.open(runDir, hadoopConf);
    if (!run.exists(RunOutput.MODEL) || !run.exists(RunOutput.METRICS)) {
      throw new IOException("run " + runDir + " has no " + RunOutput.MODEL + " and " + RunOutput.METRICS
          + "; register a finished train output folder");
    }
    List<String> records = new String(run.read(RunOutput.METRICS), java.nio.charset.StandardCharsets.UTF_8).lines()
        .filter(l -> !l.isBlank()).toList();
    JsonNode metrics = JSON.readTree(records.get(records.size() - 1));
    JsonNode config = JSON.readTree(run.read(RunOutput.CONFIG));
    return registry.register(run.read(RunOutput.MODEL), metrics, config, fingerprint(config.path("data"), hadoopConf),
        run.dir());
  }

  /**
   * What the data a config names is, without the driver holding it: for IDX files, each file's
   * SHA-256, read through in blocks; for tables and class folders, the SHA-256 of their file
   * listing (every file's path under the split, length and modification time).
   */
  static JsonNode fingerprint(JsonNode data, Configuration hadoopConf) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    String dir = data.path("dir").asText();
    if (DataSource.isIdx(data.path("format").asText("auto"), dir, data.path("train").asText("train"),
        data.path("trainImages").asText(), hadoopConf)) {
      for (String key : DATA_KEYS) {
        Path file = new Path(MnistDataLocator.under(dir, data.path(key).asText()));
        FileSystem fs = file.getFileSystem(hadoopConf);
        if (!fs.exists(file) && fs.exists(file.suffix(".gz"))) {
          file = file.suffix(".gz");
        }
        out.put(key, file.getName() + " sha256:" + Sha256.of(fs.open(file)));
      }
      return out;
    }
    for (String split : List.of("train", "test")) {
      Path root = new Path(MnistDataLocator.under(dir, data.path(split).asText(split)));
      FileSystem fs = root.getFileSystem(hadoopConf);
      String prefix = fs.makeQualified(root).toUri().getPath();
      java.util.TreeMap<String, String> files = new java.util.TreeMap<>();
      var it = fs.listFiles(root, true);
      while (it.hasNext()) {
        var file = it.next();
        files.put(file.getPath().toUri().getPath().substring(prefix.length()), file.getLen() + " " + file.getModificationTime());
      }
      java.security.MessageDigest digest = Sha256.newDigest();
      files.forEach((name, stat) -> digest.update((name + " " + stat + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      out.put(split, files.size() + " files, listing sha256:" + Sha256.hex(digest));
    }
    return out;
  }

  private void list(ModelRegistry registry) throws IOException {
    String current = registry.current().map(ModelRegistry.Pointer::version).orElse("");
    out.printf("%-3s %-7s %-9s %-8s %-24s %s%n", "", "version", "accuracy", "macro F1", "created", "source");
    for (ModelRegistry.Version v : registry.versions()) {
      out.printf(Locale.ROOT, "%-3s %-7s %-9.4f %-8.4f %-24s %s%n", v.version().equals(current) ? "*" : "", v.version(),
          v.metrics().path("accuracy").asDouble(), v.metrics().path("macroF1").asDouble(), v.createdAt(), v.source());
    }
    if (current.isEmpty()) {
      out.println("no version is current yet: models promote VERSION --registry " + registry.location());
    }
  }

  private static String one(List<String> positional, String command) throws InvalidConfigException {
    if (positional.size() != 1) {
      throw new InvalidConfigException(List.of("models " + command + " takes one VERSION (for example v0003), got " + positional));
    }
    return positional.get(0);
  }
}
