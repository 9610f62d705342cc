package dev.sparkcnn.driver.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkcnn.driver.SparkCnn;
import dev.sparkcnn.driver.config.JobConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests hold what the Spark Operator needs and agree with the rest of the
 * repository: the image's paths (Dockerfile), the build's Spark version (pom.xml), the Spark
 * settings every cluster needs (conf/spark-defaults.conf), and arguments the train command accepts.
 */
class KubernetesManifestsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode read(String file) throws IOException {
    return YAML.readTree(ROOT.resolve("deploy/k8s").resolve(file).toFile());
  }

  /** The SparkApplication spec: the manifest's own, or the template of a scheduled one. */
  private static JsonNode applicationSpec(String file) throws IOException {
    JsonNode manifest = read(file);
    assertEquals("sparkoperator.k8s.io/v1beta2", manifest.path("apiVersion").asText());
    assertTrue(manifest.path("metadata").path("name").asText().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"),
        "metadata.name is a DNS-1123 label");
    return switch (manifest.path("kind").asText()) {
      case "SparkApplication" -> manifest.path("spec");
      case "ScheduledSparkApplication" -> {
        JsonNode spec = manifest.path("spec");
        String[] cron = spec.path("schedule").asText().trim().split("\\s+");
        assertEquals(5, cron.length, "schedule is a five-field cron expression");
        assertEquals("Forbid", spec.path("concurrencyPolicy").asText(), "two nightly retrainings never overlap");
        yield spec.path("template");
      }
      default -> throw new AssertionError(file + " has kind " + manifest.path("kind"));
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"spark-application.yaml", "scheduled-retraining.yaml"})
  void theOperatorGetsEverythingItNeeds(String file) throws Exception {
    JsonNode spec = applicationSpec(file);
    assertEquals("Java", spec.path("type").asText());
    assertEquals("cluster", spec.path("mode").asText());
    assertTrue(spec.path("image").asText().contains(":"), "image has a tag");
    assertEquals(SparkCnn.class.getName(), spec.path("mainClass").asText());
    Class.forName(spec.path("mainClass").asText());

    String dockerfile = Files.readString(ROOT.resolve("deploy/k8s/Dockerfile"));
    String jarInImage = spec.path("mainApplicationFile").asText().replaceFirst("^local://", "");
    assertTrue(dockerfile.contains("COPY driver/target/spark-cnn-driver-*-app.jar " + jarInImage),
        "the Dockerfile puts the app jar at " + jarInImage);

    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Matcher sparkVersion = Pattern.compile("<spark.version>(.*)</spark.version>").matcher(pom);
    assertTrue(sparkVersion.find());
    assertEquals(sparkVersion.group(1), spec.path("sparkVersion").asText());
    assertTrue(dockerfile.contains("apache/spark:" + sparkVersion.group(1) + "-"), "the base image runs the same Spark");

    Map<String, String> defaults = sparkDefaults();
    JsonNode sparkConf = spec.path("sparkConf");
    for (String key : List.of("spark.serializer", "spark.kryo.registrator", "spark.driver.extraJavaOptions",
        "spark.executor.extraJavaOptions", "spark.executorEnv.OMP_NUM_THREADS", "spark.locality.wait")) {
      assertEquals(defaults.get(key), sparkConf.path(key).asText(), key + " as in conf/spark-defaults.conf");
    }
    assertTrue(sparkConf.path("spark.executor.extraJavaOptions").asText()
        .contains("--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"));
    // An elastic manifest carries conf/spark-elastic.conf, its executor bounds in the operator's own block.
    if (spec.path("dynamicAllocation").path("enabled").asBoolean()) {
      properties("conf/spark-elastic.conf").forEach((key, value) -> {
        String field = key.startsWith("spark.dynamicAllocation.") ? key.substring("spark.dynamicAllocation.".length()) : "";
        JsonNode set = spec.path("dynamicAllocation").has(field) ? spec.path("dynamicAllocation").path(field) : sparkConf.path(key);
        assertEquals(value, set.asText(), key + " as in conf/spark-elastic.conf");
      });
    }

    for (String role : List.of("driver", "executor")) {
      JsonNode pod = spec.path(role);
      assertTrue(pod.path("cores").asInt() > 0, role + ".cores");
      long overhead = gibibytes(pod.path("memoryOverhead").asText());
      assertTrue(overhead >= gibibytes(javacpp(defaults.get("spark." + role + ".extraJavaOptions"), "maxbytes")),
          role + ".memoryOverhead holds ND4J's off-heap limit");
      assertEquals(gibibytes(javacpp(defaults.get("spark." + role + ".extraJavaOptions"), "maxphysicalbytes")),
          gibibytes(pod.path("memory").asText()) + overhead, role + " container = maxphysicalbytes");
      assertEquals("1", env(pod, "OMP_NUM_THREADS"), role + " runs one OpenMP thread per task");
    }
    for (String role : List.of("driver", "executor")) {
      JsonNode context = spec.path(role).path("securityContext");
      assertTrue(context.path("runAsNonRoot").asBoolean(), role + " runs as non-root");
      assertFalse(context.path("allowPrivilegeEscalation").asBoolean(true), role + " cannot escalate");
      assertTrue(context.path("readOnlyRootFilesystem").asBoolean(), role + " has a read-only root filesystem");
      assertEquals("ALL", context.path("capabilities").path("drop").path(0).asText(), role + " drops every capability");
      assertEquals("/tmp", env(spec.path(role), "HOME"), role + ": ND4J unpacks its natives under a writable HOME");
      assertEquals("/tmp", spec.path(role).path("volumeMounts").path(0).path("mountPath").asText());
    }
    assertTrue(spec.path("volumes").path(0).has("emptyDir"));
    assertEquals("true", sparkConf.path("spark.authenticate").asText(), "RPC is authenticated");
    assertEquals("true", sparkConf.path("spark.network.crypto.enabled").asText(), "RPC is encrypted");
    assertEquals("true", sparkConf.path("spark.io.encryption.enabled").asText(), "shuffle and spill files are encrypted");
    assertEquals("true", sparkConf.path("spark.acls.enable").asText(), "the UI has ACLs");
    for (String role : List.of("driver", "executor")) {
      String mount = sparkConf.path("spark.kubernetes." + role + ".secrets.spark-cnn-auth").asText();
      assertEquals(mount + "/secret", sparkConf.path("spark.authenticate.secret." + role + ".file").asText(),
          role + " reads the secret where the Kubernetes Secret is mounted");
    }
    assertClusterAccessFor(spec.path("driver").path("serviceAccount").asText());
    assertTrue(spec.path("executor").path("instances").asInt() > 0);
    assertNotNull(spec.path("driver").path("serviceAccount").textValue(), "the driver needs a service account to create executors");

    List<String> arguments = new ArrayList<>();
    spec.path("arguments").forEach(a -> arguments.add(a.asText()));
    assertTrue(List.of("train", "retrain").contains(arguments.get(0)), arguments.get(0));
    List<String> jobArgs = new ArrayList<>(arguments.subList(1, arguments.size()));
    if (arguments.get(0).equals("retrain")) {
      // retrain's own options; the rest are train's.
      int registry = jobArgs.indexOf("--registry");
      assertTrue(registry >= 0 && jobArgs.get(registry + 1).startsWith("hdfs://"), "the registry lives on HDFS");
      for (String option : List.of("--registry", "--margin", "--metric")) {
        int at = jobArgs.indexOf(option);
        if (at >= 0) {
          jobArgs.subList(at, at + 2).clear();
        }
      }
    }
    // The image holds the repository's conf/ at /opt/spark-cnn/conf (Dockerfile).
    assertTrue(dockerfile.contains("COPY conf/ /opt/spark-cnn/conf/"));
    String[] trainArgs = jobArgs.stream()
        .map(a -> a.replace("/opt/spark-cnn/conf/", ROOT.resolve("conf") + "/")).toArray(String[]::new);
    JobConfig config = SparkCnn.parseTrainConfig(trainArgs);
    assertTrue(config.data().dir().startsWith("hdfs://"), "data comes from HDFS, not the image");
    if (arguments.get(0).equals("train")) {
      assertTrue(config.output().dir().startsWith("hdfs://"), "results outlive the driver pod");
    }
  }

  /** cluster-access.yaml: the driver's service account, a Role it is bound to, and a NetworkPolicy. */
  private static void assertClusterAccessFor(String serviceAccount) throws IOException {
    Map<String, JsonNode> byKind = new LinkedHashMap<>();
    try (var parser = YAML.getFactory().createParser(ROOT.resolve("deploy/k8s/cluster-access.yaml").toFile())) {
      for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
        if (doc != null && !doc.isEmpty()) {
          byKind.put(doc.path("kind").asText(), doc);
        }
      }
    }
    assertEquals(serviceAccount, byKind.get("ServiceAccount").path("metadata").path("name").asText());
    JsonNode role = byKind.get("Role");
    List<String> podVerbs = new ArrayList<>();
    role.path("rules").path(0).path("verbs").forEach(v -> podVerbs.add(v.asText()));
    assertEquals("pods", role.path("rules").path(0).path("resources").path(0).asText());
    assertTrue(podVerbs.containsAll(List.of("create", "delete", "watch")), "the driver manages its executors: " + podVerbs);
    JsonNode binding = byKind.get("RoleBinding");
    assertEquals(role.path("metadata").path("name").asText(), binding.path("roleRef").path("name").asText());
    assertEquals(serviceAccount, binding.path("subjects").path(0).path("name").asText());
    JsonNode policy = byKind.get("NetworkPolicy").path("spec");
    assertEquals("spark-cnn", policy.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText());
    assertEquals(1, policy.path("ingress").size(), "one ingress rule: the application's own pods");
    assertEquals("spark-cnn", policy.path("ingress").path(0).path("from").path(0).path("podSelector").path("matchLabels")
        .path("app.kubernetes.io/name").asText());
    assertTrue(Files.readString(ROOT.resolve("deploy/k8s/cluster-access.yaml")).contains("openssl rand"),
        "the secret is made on the cluster, not kept in the repository");
  }

  private static Map<String, String> sparkDefaults() throws IOException {
    return properties("conf/spark-defaults.conf");
  }

  /** The settings a Spark properties file sets; commented-out lines set nothing. */
  private static Map<String, String> properties(String file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve(file))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] kv = line.trim().split("\\s+", 2);
        values.put(kv[0], kv[1]);
      }
    }
    return values;
  }

  private static String javacpp(String javaOptions, String property) {
    Matcher m = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\." + property + "=(\\S+)").matcher(javaOptions);
    assertTrue(m.find(), property + " in " + javaOptions);
    return m.group(1);
  }

  private static long gibibytes(String size) {
    assertTrue(size.matches("\\d+[gG]"), "size in GiB: " + size);
    return Long.parseLong(size.substring(0, size.length() - 1));
  }

  private static String env(JsonNode pod, String name) {
    for (JsonNode e : pod.path("env")) {
      if (name.equals(e.path("name").asText())) {
        return e.path("value").asText();
      }
    }
    return null;
  }
}
