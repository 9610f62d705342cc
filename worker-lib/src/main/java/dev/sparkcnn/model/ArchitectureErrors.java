package dev.sparkcnn.model;

/** The one wording for a network that its settings do not allow to be built. */
final class ArchitectureErrors {
  private ArchitectureErrors() {}

  static IllegalArgumentException cannotBuild(CnnArchitecture architecture, NetworkSettings s, RuntimeException cause) {
    if (cause instanceof IllegalArgumentException known && known.getMessage() != null
        && known.getMessage().startsWith(architecture.name() + ":")) {
      return known;
    }
    return new IllegalArgumentException(architecture.name() + ": cannot build it for " + s.input()
        + " images with the layer options " + s.layers() + ": " + cause.getMessage(), cause);
  }
}
