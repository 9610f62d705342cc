package dev.sparkcnn.driver.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "completion",
    description = {"Print a bash completion script for spark-cnn, with every command, option and setting.",
        "Use: source <(deploy/spark-cnn completion)"})
public final class CompletionCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @ParentCommand private Terminal root;

  @Override
  public Integer call() {
    root.out().print(AutoComplete.bash("spark-cnn", spec.parent().commandLine()));
    return ExitCode.OK;
  }
}
