package dev.sparkcnn.driver.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Builds a config record from settings by name, not by position: a record bound for section
 * {@code S} gets, for its component {@code n}, the setting {@code S.n}. Records hold long runs of
 * one type (a dozen texts in {@link DataConfig}), where a positional call would bind a setting to
 * its neighbour without a compiler noticing.
 */
final class SettingBinder {
  private final ConfigValues values;

  SettingBinder(ConfigValues values) {
    this.values = values;
  }

  /**
   * The record {@code type} for {@code section}.
   *
   * @param given the components that are not a setting of their own name: a group of settings
   *     bound beforehand ({@code layers}), or a setting the record names otherwise; each must be used
   * @throws IllegalStateException when a component has no setting and is not given: a setting
   *     declared without its place, a mistake in this program, not in the config
   */
  <R extends Record> R bind(Class<R> type, String section, Map<String, ?> given) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    Set<String> used = new HashSet<>();
    for (int i = 0; i < components.length; i++) {
      String name = components[i].getName();
      types[i] = components[i].getType();
      if (given.containsKey(name)) {
        args[i] = given.get(name);
        used.add(name);
      } else {
        String key = section + "." + name;
        Setting<?> setting = Settings.find(key).orElseThrow(() -> new IllegalStateException(
            type.getSimpleName() + "." + name + " has no setting " + key + " and was not given"));
        args[i] = values.read(setting);
      }
    }
    if (!used.equals(given.keySet())) {
      throw new IllegalStateException(type.getSimpleName() + " has no component for " + given.keySet());
    }
    try {
      Constructor<R> canonical = type.getDeclaredConstructor(types);
      return canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getName(), e);
    }
  }
}
