package dev.sparkcnn.driver.cli;

import dev.sparkcnn.model.CnnArchitecture;
import dev.sparkcnn.model.zoo.ModelCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "networks", description = "List the networks that model.name (--model) accepts.")
public final class NetworksCommand implements Callable<Integer> {
  @ParentCommand private Terminal root;

  @Override
  public Integer call() {
    for (CnnArchitecture a : ModelCatalog.all()) {
      root.out().printf("%-16s %s%n", a.name(), a.description());
      a.blocks().ifPresent(b -> root.out().printf("%-16s model.blocks: %s%n", "", b));
    }
    return ExitCode.OK;
  }
}
