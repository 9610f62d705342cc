package dev.sparkcnn.driver.output;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of this JVM so far, for {@value #FILE}: the Java heap (sum of the heap pools' peaks)
 * and the whole process (Linux's VmHWM: heap, ND4J's off-heap buffers, native libraries). In
 * Spark local mode the driver runs the executors' tasks too, so these are the job's peaks.
 *
 * Read back ({@code bench-report}) from other processes' files too, whose missing fields read as 0.
 *
 * @param peakHeapBytes peak Java heap in use, bytes
 * @param peakResidentBytes peak resident set of the process, bytes; -1 where /proc is missing
 * @param maxHeapBytes the heap's limit (-Xmx), bytes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProcessResources(long peakHeapBytes, long peakResidentBytes, long maxHeapBytes) {
  public static final String FILE = "resources.json";

  public static ProcessResources measure() {
    long heap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heap += pool.getPeakUsage().getUsed();
      }
    }
    return new ProcessResources(heap, peakResident(), Runtime.getRuntime().maxMemory());
  }

  private static long peakResident() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or an unexpected format: report unknown rather than fail the run.
    }
    return -1;
  }

}
