package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.config.Setting;
import dev.sparkcnn.driver.config.Settings;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options of every command that runs a job: {@code --config FILE}, {@code --set KEY=VALUE},
 * and one option per setting, {@code --KEY VALUE} (and its short flag, {@code --epochs N}), made
 * from the declarations in {@link Settings} so that help lists every setting with its doc and
 * default. Values are kept as given, in order; {@link JobConfigParser} validates them all at once.
 */
final class JobOptions {
  /** A command that takes job options. */
  interface Owner {
    JobOptions jobOptions();
  }

  private final boolean configFile;
  private Path config;
  private final Map<String, String> overrides = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  /** @param configFile whether the command reads a {@code --config} YAML file (report reads its run's config instead) */
  JobOptions(boolean configFile) {
    this.configFile = configFile;
  }

  /** Adds the options to {@code spec}, under a "Settings" heading after the command's own. */
  void addTo(CommandSpec spec) {
    if (configFile) {
      spec.addOption(OptionSpec.builder("--config").paramLabel("FILE").type(Path.class)
          .description("YAML job config (conf/*.yaml); the settings' defaults without it.")
          .setter(setter(value -> config = (Path) value)).build());
    }
    spec.addOption(OptionSpec.builder("--set").paramLabel("KEY=VALUE").type(String.class)
        .description("Any setting, e.g. --set spark.conf.spark.ui.enabled=false; may repeat.")
        .setter(setter(value -> set(String.valueOf(value)))).build());
    ArgGroupSpec.Builder settings = ArgGroupSpec.builder().heading("%nSettings (spark-cnn config lists them; a later one wins):%n")
        .exclusive(false).multiplicity("0..1").validate(false);
    for (Setting<?> s : Settings.ALL) {
      settings.addArg(option(s));
    }
    spec.addArgGroup(settings.build());
  }

  private OptionSpec option(Setting<?> s) {
    List<String> names = new ArrayList<>();
    names.add("--" + s.key());
    s.flag().ifPresent(flag -> names.add("--" + flag));
    boolean mapping = s.type() == Setting.Type.TEXT_MAP;
    boolean flag = s.type() == Setting.Type.BOOLEAN;
    OptionSpec.Builder option = OptionSpec.builder(names.toArray(String[]::new))
        .type(String.class)
        .paramLabel(mapping ? "KEY=VALUE" : "<" + s.type().name() + ">")
        .description(description(s))
        .setter(setter(value -> {
          String text = String.valueOf(value);
          if (mapping) {
            set(s.key() + "." + text);
          } else {
            overrides.put(s.key(), text);
          }
        }));
    if (flag) {
      option.arity("0..1").fallbackValue("true");
    }
    return option.build();
  }

  private static String description(Setting<?> s) {
    Object fallback = s.writtenDefault();
    String shown = fallback instanceof String text && text.isEmpty() ? "empty" : String.valueOf(fallback);
    return s.doc().replace("%", "%%") + (s.unit().isEmpty() ? "" : " Unit: " + s.unit() + ".") + " Default: " + shown + ".";
  }

  private void set(String keyValue) {
    int sep = keyValue.indexOf('=');
    if (sep <= 0) {
      problems.add("--set expects KEY=VALUE, got '" + keyValue + "'");
    } else {
      overrides.put(keyValue.substring(0, sep), keyValue.substring(sep + 1));
    }
  }

  /** Sets a key as if given last on the command line (a command's own choice, such as augment-preview's). */
  void force(String key, String value) {
    overrides.put(key, value);
  }

  /** The YAML file given, or null. */
  Path configFile() {
    return config;
  }

  /** The keys set on the command line, in order. */
  Map<String, String> overrides() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
  }

  /**
   * The validated config.
   *
   * @throws InvalidConfigException listing every bad option and setting
   */
  JobConfig config() throws InvalidConfigException {
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return JobConfigParser.parse(config, overrides);
  }

  private interface Receiver {
    void accept(Object value);
  }

  private static ISetter setter(Receiver receiver) {
    return new ISetter() {
      @Override
      public <T> T set(T value) {
        // picocli resets options to their initial value, null, before it parses.
        if (value != null) {
          receiver.accept(value);
        }
        return null;
      }
    };
  }
}
