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

  /** The artifact that brings ONNX Runtime: its jar carries the native libraries of every platform. */
  public static final String ONNXRUNTIME_ARTIFACT = "com.microsoft.onnxruntime:onnxruntime:1.20.0";

  /**
   * Why this engine cannot run in this JVM, with what to add; empty when it can. ONNX Runtime is
   * looked up by name, so that this check loads in a JVM without it.
   */
  public Optional<String> unavailable() {
    if (this == DL4J) {
      return Optional.empty();
    }
    Class<?> environment;
    try {
      environment = Class.forName("ai.onnxruntime.OrtEnvironment");
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.of("engine onnxruntime needs ONNX Runtime's jar (" + ONNXRUNTIME_ARTIFACT + ") on the classpath "
          + "of the driver and the executors: spark-submit --packages " + ONNXRUNTIME_ARTIFACT
          + ", or an application jar built with mvn -Ponnxruntime");
    }
    try {
      environment.getMethod("getEnvironment").invoke(null);
      return Optional.empty();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
      return Optional.of("engine onnxruntime: ONNX Runtime's native library does not load here (" + cause + ")");
    }
  }

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
