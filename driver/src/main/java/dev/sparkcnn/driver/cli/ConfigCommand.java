package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.SettingsReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "config",
    description = "Every setting (YAML key, --KEY option, estimator Param) with its type, unit, default, meaning and rule.")
public final class ConfigCommand implements Callable<Integer> {
  @Option(names = "--markdown", description = "As the Markdown table the README holds.")
  private boolean markdown;

  @ParentCommand private Terminal root;

  @Override
  public Integer call() {
    root.out().print(markdown ? SettingsReference.markdown() : SettingsReference.text());
    return ExitCode.OK;
  }
}
