package dev.sparkcnn.scoring;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What runs a trained network's forward pass when it scores images. */
public enum ScoringEngine {
  /** DL4J on ND4J, the network as trained. */
  DL4J,
  /** ONNX Runtime, on the network exported to ONNX; its jar must be on the classpath. */
  ONNXRUNTIME;

  /** How settings, Params and options spell it: {@code dl4j}, {@code onnxruntime}. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The engine spelt {@code name}; empty for none. */
  public static Optional<ScoringEngine> find(String name) {
    return Arrays.stream(values()).filter(e -> e.spelling().equals(name)).findFirst();
  }

  /** The spellings, for messages: "dl4j|onnxruntime". */
  public static String names() {
    return Arrays.stream(values()).map(ScoringEngine::spelling).collect(Collectors.joining("|"));
  }
}
