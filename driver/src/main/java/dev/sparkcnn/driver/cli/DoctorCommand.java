package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.doctor.Doctor;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;

@Command(name = "doctor", sortOptions = false,
    description = {"Preflight on the driver and every executor: ND4J's native library, CPU features, Kryo, "
        + "--add-opens, memory limits, versions. Exit 3 when something is wrong.",
        "train runs it first unless spark.doctor is false. The settings choose the cluster."})
public final class DoctorCommand extends JobCommand {
  @Override
  public Integer call() throws Exception {
    JobConfig config = job.config();
    try (JavaSparkContext sc = startSpark(config.spark())) {
      return new Doctor(sc, out()).run() ? ExitCode.OK : ExitCode.PREFLIGHT;
    }
  }
}
