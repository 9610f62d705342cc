package dev.sparkcnn.driver.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of a job command: {@code --config FILE}, short flags for the common keys, and
 * {@code --KEY VALUE} or {@code --set KEY=VALUE} for any dotted key.
 *
 * @param configFile the YAML file, or null for defaults only
 * @param overrides dotted key to value, in the order given
 */
public record CommandLineOptions(Path configFile, Map<String, String> overrides) {

  /** Short flags and the keys they set. */
  public static final Map<String, String> SHORT_FLAGS = shortFlags();

  public CommandLineOptions {
    overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
  }

  /**
   * Parses job options.
   *
   * @param booleanFlags flags that take no value (for example {@code overwrite}) and the key each sets to true
   * @throws InvalidConfigException naming every flag that is unknown or lacks its value
   */
  public static CommandLineOptions parse(String[] args, Map<String, String> booleanFlags) throws InvalidConfigException {
    Path config = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        problems.add("unexpected argument '" + arg + "'; options start with --");
        continue;
      }
      String name = arg.substring(2);
      String inlineValue = null;
      int eq = name.indexOf('=');
      if (eq > 0 && !name.equals("set")) {
        inlineValue = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (booleanFlags.containsKey(name)) {
        overrides.put(booleanFlags.get(name), inlineValue == null ? "true" : inlineValue);
        continue;
      }
      String value = inlineValue;
      if (value == null) {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          problems.add("option --" + name + " needs a value");
          continue;
        }
        value = args[++i];
      }
      if (name.equals("config")) {
        config = Path.of(value);
      } else if (name.equals("set")) {
        int sep = value.indexOf('=');
        if (sep <= 0) {
          problems.add("--set expects KEY=VALUE, got '" + value + "'");
        } else {
          overrides.put(value.substring(0, sep), value.substring(sep + 1));
        }
      } else if (SHORT_FLAGS.containsKey(name)) {
        overrides.put(SHORT_FLAGS.get(name), value);
      } else if (name.contains(".")) {
        overrides.put(name, value);
      } else {
        problems.add("unknown option --" + name + "; short options: --config, --set, --"
            + String.join(", --", SHORT_FLAGS.keySet()) + ", --" + String.join(", --", booleanFlags.keySet())
            + ", or any dotted key such as --training.learningRate");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new CommandLineOptions(config, overrides);
  }

  private static Map<String, String> shortFlags() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("data", "data.dir");
    flags.put("train-limit", "data.trainLimit");
    flags.put("test-limit", "data.testLimit");
    flags.put("model", "model.name");
    flags.put("epochs", "training.epochs");
    flags.put("batch-size", "training.batchSizePerWorker");
    flags.put("averaging-frequency", "training.averagingFrequency");
    flags.put("workers", "training.workers");
    flags.put("optimizer", "training.optimizer");
    flags.put("learning-rate", "training.learningRate");
    flags.put("seed", "training.seed");
    flags.put("master", "spark.master");
    flags.put("output", "output.dir");
    return Collections.unmodifiableMap(flags);
  }
}
