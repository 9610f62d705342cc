package dev.sparkcnn.driver.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's own options split from the train options it also takes (which go on to
 * {@link CommandLineOptions}): {@code --NAME VALUE} for the named ones, {@code --NAME} alone for
 * its flags (recorded as "true").
 *
 * @param own option name (without the dashes) to value
 * @param trainArgs everything else, in order
 */
public record CommandOptions(Map<String, String> own, String[] trainArgs) {
  public CommandOptions {
    own = Collections.unmodifiableMap(new LinkedHashMap<>(own));
  }

  public static CommandOptions split(String[] args, Set<String> valued, Set<String> flags) {
    Map<String, String> own = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (valued.contains(name) && i + 1 < args.length) {
        own.put(name, args[++i]);
      } else if (flags.contains(name)) {
        own.put(name, "true");
      } else {
        rest.add(args[i]);
      }
    }
    return new CommandOptions(own, rest.toArray(String[]::new));
  }

  public boolean has(String name) {
    return own.containsKey(name);
  }

  public String get(String name, String fallback) {
    return own.getOrDefault(name, fallback);
  }
}
