package dev.sparkcnn.model.zoo;

import dev.sparkcnn.model.CnnArchitecture;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every architecture spark-cnn can train, by the name a config gives it. */
public final class ModelCatalog {
  private static final Map<String, CnnArchitecture> BY_NAME = register(new LeNet5(), new SimpleCnn(),
      new AlexNetMnist(), new VggMnist(), new ResNetMnist(), new InceptionMnist());

  private ModelCatalog() {}

  public static Optional<CnnArchitecture> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The architecture called {@code name}; the error lists the names that exist. */
  public static CnnArchitecture get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown model '" + name + "'; known models: " + String.join(", ", names())));
  }

  public static Collection<String> names() {
    return Collections.unmodifiableSet(BY_NAME.keySet());
  }

  public static Collection<CnnArchitecture> all() {
    return Collections.unmodifiableCollection(BY_NAME.values());
  }

  private static Map<String, CnnArchitecture> register(CnnArchitecture... architectures) {
    Map<String, CnnArchitecture> byName = new LinkedHashMap<>();
    for (CnnArchitecture a : architectures) {
      if (byName.put(a.name(), a) != null) {
        throw new IllegalStateException("two architectures are called " + a.name());
      }
    }
    return byName;
  }
}
