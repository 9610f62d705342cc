package dev.sparkcnn.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final String BEGIN = "<!-- settings:begin -->\n";
  private static final String END = "<!-- settings:end -->";

  @Test
  void theReadmeListsEverySettingAsDeclared() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "README.md has the settings table between " + BEGIN.trim() + " and " + END);
    assertEquals(SettingsReference.markdown(), readme.substring(begin + BEGIN.length(), end),
        "README.md's settings table differs from Settings.java; regenerate it with: deploy/spark-cnn config --markdown");
  }

  @Test
  void everyDefaultPassesItsOwnRuleAndBindsToItself() throws InvalidConfigException {
    JobConfig defaults = JobConfigParser.parse(null, Map.of());
    for (Setting<?> s : Settings.ALL) {
      assertDefaultValid(s);
      assertEquals(s.defaultValue(), s.value().apply(defaults), s.key() + ": the bound default is the declared one");
    }
  }

  @Test
  void everySettingIsWrittenToConfigJsonAndReadBack() throws InvalidConfigException {
    // One non-default value per setting, so that a setting bound to the wrong field cannot pass.
    Map<String, String> changed = Map.ofEntries(Map.entry("training.epochs", "7"), Map.entry("training.learningRate", "0.01"),
        Map.entry("model.convolution", "dilated"), Map.entry("augmentation.cropSize", "20"),
        Map.entry("checkpoint.everyRounds", "5"), Map.entry("spark.conf.spark.ui.enabled", "true"),
        Map.entry("output.report", "false"), Map.entry("data.resize", "32x32"), Map.entry("training.seed", "7"));
    JobConfig config = JobConfigParser.parse(null, changed);
    Map<String, Object> tree = JobConfigParser.toTree(config);
    assertEquals(config, JobConfigParser.fromTree(tree, "round trip"));
    for (Setting<?> s : Settings.ALL) {
      @SuppressWarnings("unchecked")
      Map<String, Object> section = (Map<String, Object>) tree.get(s.section());
      assertTrue(section.containsKey(s.name()), s.key() + " is written to config.json");
    }
  }

  @Test
  void everyPublicSettingIsDeclaredAndListed() throws IllegalAccessException {
    List<Object> fields = new java.util.ArrayList<>();
    for (java.lang.reflect.Field f : Settings.class.getDeclaredFields()) {
      if (f.getType() == Setting.class && java.lang.reflect.Modifier.isPublic(f.getModifiers())) {
        fields.add(f.get(null));
      }
    }
    assertEquals(fields, List.copyOf(Settings.ALL), "Settings.ALL is every public setting, in declaration order");
  }

  @Test
  void eachSettingBindsToItsOwnPlaceAndNoOther() throws InvalidConfigException {
    // Values of one type sit side by side in the records (nine texts in a row in data): a setting
    // bound to its neighbour's place would pass a test that changes them all at once, not this one.
    JobConfig defaults = JobConfigParser.parse(null, Map.of());
    List<String> untested = new java.util.ArrayList<>();
    for (Setting<?> s : Settings.ALL) {
      Optional<String> other = otherValidValue(s);
      if (other.isEmpty()) {
        untested.add(s.key());
        continue;
      }
      JobConfig changed = JobConfigParser.parse(null, Map.of(s.key(), other.get()));
      assertEquals(s.type().parseValue(other.get()), s.value().apply(changed), s.key() + " holds what it was set to");
      for (Setting<?> t : Settings.ALL) {
        if (t != s) {
          assertEquals(t.value().apply(defaults), t.value().apply(changed), "setting " + s.key() + " changed " + t.key());
        }
      }
    }
    // A map (spark.conf) has no single other value; model.blocks needs a network with blocks, another key.
    assertEquals(List.of("model.blocks", "spark.conf"), untested);
  }

  /** A value other than the default that passes the setting's own rule, as text; empty for none tried. */
  private static Optional<String> otherValidValue(Setting<?> s) {
    Object fallback = s.defaultValue();
    List<String> candidates = new java.util.ArrayList<>();
    if (fallback instanceof Boolean b) {
      candidates.add(String.valueOf(!b));
    } else if (fallback instanceof Integer || fallback instanceof Long) {
      long n = ((Number) fallback).longValue();
      candidates.addAll(List.of(String.valueOf(n + 1), String.valueOf(n - 1), "3", "2"));
    } else if (fallback instanceof Double d) {
      candidates.addAll(List.of(String.valueOf(d / 2), String.valueOf(d + 0.25), "0.5", "0.1"));
    } else if (fallback instanceof Enum<?> e) {
      for (Object c : e.getDeclaringClass().getEnumConstants()) {
        candidates.add(Setting.Type.spelling((Enum<?>) c));
      }
    } else if (fallback instanceof String text) {
      candidates.addAll(List.of(text + "x", "32x32", "local[3]", "simple-cnn", "10.0.0.0/16"));
    }
    for (String candidate : candidates) {
      try {
        Object value = s.type().parseValue(candidate);
        if (!value.equals(fallback) && valid(s, value)) {
          JobConfigParser.parse(null, Map.of(s.key(), candidate));
          return Optional.of(candidate);
        }
      } catch (IllegalArgumentException | InvalidConfigException e) {
        // not a value this setting takes alone; the next candidate
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static <T> boolean valid(Setting<T> s, Object value) {
    return s.valid().test((T) value);
  }

  @Test
  void keysAndParamNamesAreUnique() {
    Set<String> keys = new HashSet<>();
    Set<String> params = new HashSet<>();
    for (Setting<?> s : Settings.ALL) {
      assertTrue(keys.add(s.key()), "duplicate key " + s.key());
      s.param().ifPresent(p -> assertTrue(params.add(p), "duplicate Param name " + p));
      assertFalse(s.doc().isBlank(), s.key() + " is documented");
    }
    assertTrue(params.containsAll(List.of("network", "epochs", "learningRate", "imageCol", "labelCol", "outputDir")));
  }

  @Test
  void onlyTheFlagsThatChooseToResumeTheFolderAndEpochsMayChangeOnResume() {
    // output.dir: the checkpoints are read from this very folder, however its path is spelt ("run" or "run/").
    // training.primingBatches: priming trains a throwaway copy; the model is the same with or without it.
    // training.evalBatchSize: how many test images are scored at once changes no parameter.
    // training.cacheForwardPass: reusing the forward pass in backprop computes the same numbers.
    // training.workers, minWorkers, maxWorkers, workersPerSlot: a cluster of another size plans the epochs to come anew.
    // training.executorSumFrom: where the rounds to come are summed, as a new worker count changes it.
    // spark.*: where and with which Spark settings a run goes on changes none of its parameters.
    assertEquals(Set.of("training.epochs", "training.trainingStats", "training.primingBatches", "training.evalBatchSize",
        "training.cacheForwardPass", "training.workers", "training.minWorkers", "training.maxWorkers", "training.workersPerSlot",
        "training.executorSumFrom", "spark.doctor", "spark.master", "spark.appName", "spark.conf", "output.dir",
        "output.resume",
        "output.overwrite", "output.report"), Settings.ALL.stream().filter(Setting::resumable).map(Setting::key).collect(java.util.stream.Collectors.toSet()));
  }

  private static <T> void assertDefaultValid(Setting<T> s) {
    assertTrue(s.valid().test(s.defaultValue()), s.key() + ": default " + s.defaultValue() + " breaks its rule");
  }
}
