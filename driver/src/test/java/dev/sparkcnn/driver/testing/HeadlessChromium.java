package dev.sparkcnn.driver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's chromium, headless, as the tests drive it: installed by {@code deploy/dev/test-tools}
 * when missing, started with a fresh profile and without the background networking this machine
 * would refuse.
 */
public final class HeadlessChromium {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private HeadlessChromium() {}

  /** Makes sure chromium, nbconvert and the notebooks' libraries are there. */
  public static void requireTestTools() throws IOException, InterruptedException {
    ProcessRunner.run(REPO, Map.of(), List.of(REPO.resolve("deploy/dev/test-tools").toString()), 900, 0);
  }

  /** The page's DOM after its load event and any script it runs. */
  public static String dumpDom(Path page, Path profile) throws IOException, InterruptedException {
    List<String> command = command(profile);
    command.addAll(List.of("--virtual-time-budget=10000", "--dump-dom", page.toUri().toString()));
    return ProcessRunner.run(page.getParent(), Map.of(), command, 120, 0);
  }

  /** A PNG screenshot of the page at {@code width} x {@code height} CSS pixels. */
  public static Path screenshot(Path page, Path png, int width, int height, Path profile) throws IOException, InterruptedException {
    List<String> command = command(profile);
    command.addAll(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png,
        page.toUri().toString()));
    ProcessRunner.run(page.getParent(), Map.of(), command, 120, 0);
    if (!Files.exists(png)) {
      throw new IOException("chromium wrote no screenshot to " + png);
    }
    return png;
  }

  private static List<String> command(Path profile) {
    return new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile));
  }
}
