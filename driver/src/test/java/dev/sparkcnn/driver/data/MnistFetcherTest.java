package dev.sparkcnn.driver.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sparkcnn.testdata.SyntheticIdx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the fetcher against a real HTTP server on loopback that serves gzip files like the mirrors. */
class MnistFetcherTest {
  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();
  private final List<String> requests = new ArrayList<>();
  private final byte[] labels = SyntheticIdx.labelsFile(new byte[] {1, 2, 3, 4});
  private final byte[] images = SyntheticIdx.imagesFile(1, 2, 2, new byte[] {9, 8, 7, 6});

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      synchronized (requests) {
        requests.add(path);
      }
      byte[] body = served.get(path);
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String mirror(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/";
  }

  private List<MnistFetcher.MnistFile> files() throws Exception {
    return List.of(new MnistFetcher.MnistFile("a-labels", sha256(labels)), new MnistFetcher.MnistFile("a-images", sha256(images)));
  }

  @Test
  void downloadsGunzipsVerifiesAndFallsBackAcrossMirrors() throws Exception {
    served.put("/second/a-labels.gz", SyntheticIdx.gzip(labels));
    served.put("/second/a-images.gz", SyntheticIdx.gzip(images));
    MnistFetcher fetcher = new MnistFetcher(List.of(mirror("first"), mirror("second")), files(), false, m -> {});
    assertFalse(fetcher.isComplete(dir));
    fetcher.fetch(dir);
    assertTrue(fetcher.isComplete(dir));
    assertArrayEquals(labels, Files.readAllBytes(dir.resolve("a-labels")));
    assertArrayEquals(images, Files.readAllBytes(dir.resolve("a-images")));
    assertTrue(requests.contains("/first/a-labels.gz"));
    assertNoLeftovers();

    requests.clear();
    fetcher.fetch(dir);
    assertEquals(List.of(), requests, "complete, verified files are not fetched again");
  }

  @Test
  void aChecksumMismatchLeavesNoFileUnderTheFinalName() throws Exception {
    byte[] tampered = labels.clone();
    tampered[9] = 42;
    served.put("/m/a-labels.gz", SyntheticIdx.gzip(tampered));
    served.put("/m/a-images.gz", SyntheticIdx.gzip(images));
    MnistFetcher fetcher = new MnistFetcher(List.of(mirror("m")), files(), false, m -> {});
    IOException e = assertThrows(IOException.class, () -> fetcher.fetch(dir));
    assertTrue(e.getMessage().contains("SHA-256 of a-labels is " + sha256(tampered) + ", expected " + sha256(labels)),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("a-labels")));
    assertTrue(Files.exists(dir.resolve("a-images")), "the good file is kept");
    assertNoLeftovers();
  }

  @Test
  void failureNamesEverySourceTried() throws Exception {
    MnistFetcher fetcher = new MnistFetcher(List.of(mirror("x")), files(), false, m -> {});
    IOException e = assertThrows(IOException.class, () -> fetcher.fetch(dir));
    assertTrue(e.getMessage().contains(mirror("x") + "a-labels.gz: HTTP 404"), e.getMessage());
    assertTrue(e.getMessage().contains(mirror("x") + "a-images.gz: HTTP 404"), e.getMessage());
    assertNoLeftovers();
  }

  @Test
  void aTruncatedDownloadIsNotInstalled() throws Exception {
    byte[] gz = SyntheticIdx.gzip(labels);
    served.put("/m/a-labels.gz", Arrays.copyOf(gz, gz.length - 6));
    served.put("/m/a-images.gz", SyntheticIdx.gzip(images));
    MnistFetcher fetcher = new MnistFetcher(List.of(mirror("m")), files(), false, m -> {});
    assertThrows(IOException.class, () -> fetcher.fetch(dir));
    assertFalse(Files.exists(dir.resolve("a-labels")));
    assertNoLeftovers();
  }

  @Test
  void anExistingFileWithTheWrongSumIsNeverOverwritten() throws Exception {
    Files.write(dir.resolve("a-labels"), new byte[] {1, 2, 3});
    MnistFetcher fetcher = new MnistFetcher(List.of(mirror("m")), files(), false, m -> {});
    IOException e = assertThrows(IOException.class, () -> fetcher.fetch(dir));
    assertTrue(e.getMessage().contains("a-labels: exists but its SHA-256 is"), e.getMessage());
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("a-labels")));
  }

  @Test
  void theRealFileListMatchesTheStackSums() {
    assertEquals(4, MnistFetcher.FILES.size());
    assertTrue(MnistFetcher.FILES.stream().allMatch(f -> f.sha256().matches("[0-9a-f]{64}")));
  }

  private void assertNoLeftovers() throws IOException {
    try (var files = Files.list(dir)) {
      List<String> hidden = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
      assertEquals(List.of(), hidden);
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
