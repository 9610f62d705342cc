package dev.sparkcnn.driver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The events of the Spark event logs in one folder (spark.eventLog.dir), as a test asks about executors. */
public final class EventLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<JsonNode> events;

  private EventLog(List<JsonNode> events) {
    this.events = events;
  }

  /** Every event of every log in {@code folder}. */
  public static EventLog read(Path folder) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    try (Stream<Path> logs = Files.list(folder)) {
      for (Path log : logs.sorted().toList()) {
        for (String line : Files.readAllLines(log)) {
          events.add(JSON.readTree(line));
        }
      }
    }
    return new EventLog(events);
  }

  private Stream<JsonNode> of(String kind) {
    return events.stream().filter(e -> kind.equals(e.path("Event").asText()));
  }

  /** The id of the one executor added on {@code host}. */
  public String executorOn(String host) {
    List<String> ids = of("SparkListenerExecutorAdded").filter(e -> host.equals(e.path("Executor Info").path("Host").asText()))
        .map(e -> e.path("Executor ID").asText()).toList();
    if (ids.size() != 1) {
      throw new AssertionError("executors on " + host + ": " + ids);
    }
    return ids.get(0);
  }

  /** Each executor added, by id, with its host. */
  public Map<String, String> executorHosts() {
    Map<String, String> hosts = new TreeMap<>();
    of("SparkListenerExecutorAdded").forEach(e -> hosts.put(e.path("Executor ID").asText(), e.path("Executor Info").path("Host").asText()));
    return hosts;
  }

  /** Why executor {@code id} was removed; empty when it never was. */
  public String removedReason(String id) {
    return of("SparkListenerExecutorRemoved").filter(e -> id.equals(e.path("Executor ID").asText()))
        .map(e -> e.path("Removed Reason").asText()).findFirst().orElse("");
  }

  /** Each executor's task ends, by end reason; for messages. */
  public Map<String, Map<String, Integer>> taskEndsByExecutor() {
    Map<String, Map<String, Integer>> all = new TreeMap<>();
    of("SparkListenerTaskEnd").forEach(e -> all.computeIfAbsent(e.path("Task Info").path("Executor ID").asText(), k -> new TreeMap<>())
        .merge(e.path("Task End Reason").path("Reason").asText(), 1, Integer::sum));
    return all;
  }

  /** How many events there are of each kind; for messages. */
  public Map<String, Integer> kinds() {
    Map<String, Integer> kinds = new TreeMap<>();
    events.forEach(e -> kinds.merge(e.path("Event").asText(), 1, Integer::sum));
    return kinds;
  }

  /** How executor {@code id}'s tasks ended: each end reason ("Success", "ExecutorLostFailure", ...) with its count. */
  public Map<String, Integer> taskEnds(String id) {
    Map<String, Integer> reasons = new TreeMap<>();
    of("SparkListenerTaskEnd").filter(e -> id.equals(e.path("Task Info").path("Executor ID").asText()))
        .forEach(e -> reasons.merge(e.path("Task End Reason").path("Reason").asText(), 1, Integer::sum));
    return reasons;
  }

  /** How many tasks executor {@code id} started: first attempts and retries, or (speculative) copies. */
  public long starts(String id, boolean speculative) {
    return of("SparkListenerTaskStart").filter(e -> id.equals(e.path("Task Info").path("Executor ID").asText())
        && e.path("Task Info").path("Speculative").asBoolean() == speculative).count();
  }
}
