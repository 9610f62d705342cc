package dev.sparkcnn.driver.cli;

import java.beans.PropertyChangeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The command line's log file, one per process: every line Spark, DL4J and spark-cnn log, and the
 * full stack trace of every refusal and failure. The console keeps what a user acts on: a refusal
 * is one line there that names this file, and the lines of a Spark task that refused its data go
 * only here ({@link RefusedTaskLines}).
 *
 * <p>The folder is {@code $SPARK_CNN_LOG_DIR}, by default {@code spark-cnn-USER} in the system's
 * temporary folder; the file appears on the first line logged, and the newest {@value #KEPT}
 * files are kept. Installed by the command line only: a Spark application that uses the library
 * keeps its own logging.
 */
public final class CommandLog {
  /** Log files kept in the folder; older ones are deleted when a command starts. */
  static final int KEPT = 20;
  private static final String APPENDER = "spark-cnn-file";
  private static final String TRACES = "dev.sparkcnn.traces";
  private static final String DL4J_INPUT_TYPE = "org.deeplearning4j.nn.conf.inputs.InputType";
  private static final Pattern LOG_NAME = Pattern.compile("spark-cnn-\\d{8}-\\d{6}-(\\d+)\\.log");
  private static CommandLog installed;

  private final Optional<Path> file;
  private final RefusedTaskLines consoleFilter = new RefusedTaskLines();
  private final RecoveredTaskLines recoveredFilter = new RecoveredTaskLines();
  /** The consoles given the filter, so that a configuration attached again does not get it twice. */
  private final Set<Appender> filtered = Collections.newSetFromMap(new WeakHashMap<>());

  private CommandLog(Optional<Path> file) {
    this.file = file;
  }

  /** This process's log, installed on first use; none when log4j 2 is not the logging backend. */
  static synchronized CommandLog get() {
    if (installed == null) {
      installed = install();
    }
    return installed;
  }

  private static CommandLog install() {
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      return new CommandLog(Optional.empty());
    }
    Path folder = folder();
    Path file = folder.resolve("spark-cnn-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-" + ProcessHandle.current().pid() + ".log");
    try {
      Files.createDirectories(folder);
      prune(folder);
    } catch (IOException | RuntimeException e) {
      return new CommandLog(Optional.empty());
    }
    CommandLog log = new CommandLog(Optional.of(file));
    log.attach(context);
    // Spark may replace the configuration (its defaults, when it finds none): attach again to the new one.
    context.addPropertyChangeListener((PropertyChangeEvent event) -> {
      if (LoggerContext.PROPERTY_CONFIG.equals(event.getPropertyName())) {
        log.attach(context);
      }
    });
    return log;
  }

  private static Path folder() {
    String configured = System.getenv("SPARK_CNN_LOG_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "spark-cnn-" + System.getProperty("user.name", "user"));
  }

  /**
   * Deletes all but the newest {@value #KEPT} - 1 logs (this process's is about to be the next),
   * sparing those of processes still running: a long job's log must outlive the commands started
   * after it, or the trace its refusal line names would be gone.
   */
  static void prune(Path folder) throws IOException {
    List<Path> logs;
    try (Stream<Path> files = Files.list(folder)) {
      logs = files.filter(f -> LOG_NAME.matcher(f.getFileName().toString()).matches()).sorted().toList();
    }
    for (Path old : logs.subList(0, Math.max(0, logs.size() - (KEPT - 1)))) {
      Matcher name = LOG_NAME.matcher(old.getFileName().toString());
      long pid = name.matches() ? Long.parseLong(name.group(1)) : -1;
      if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        Files.deleteIfExists(old);
      }
    }
  }

  private synchronized void attach(LoggerContext context) {
    Configuration config = context.getConfiguration();
    if (config.getAppender(APPENDER) != null) {
      return;
    }
    Appender appender = FileAppender.newBuilder()
        .setName(APPENDER)
        .withFileName(file.orElseThrow().toString())
        .withAppend(true)
        .withCreateOnDemand(true)
        .setLayout(PatternLayout.newBuilder().withConfiguration(config)
            .withPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %p [%t] %c: %m%n%ex").build())
        .setConfiguration(config)
        .build();
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, null, null);
    LoggerConfig traces = new LoggerConfig(TRACES, Level.ALL, false);
    traces.addAppender(appender, null, null);
    config.addLogger(TRACES, traces);
    // DL4J warns of a zero-sized layer for every input size a probe for the smallest one tries.
    LoggerConfig shapes = new LoggerConfig(DL4J_INPUT_TYPE, Level.WARN, false);
    shapes.addAppender(appender, null, null);
    config.addLogger(DL4J_INPUT_TYPE, shapes);
    for (Appender console : config.getAppenders().values()) {
      if (console instanceof ConsoleAppender consoleAppender && filtered.add(consoleAppender)) {
        consoleAppender.addFilter(consoleFilter);
        consoleAppender.addFilter(recoveredFilter);
      }
    }
    context.updateLoggers();
  }

  /**
   * A stream whose lines go to the log file and never to the console, for what threads print
   * outside logging: Scala's futures print a callback's stack trace to {@code System.err}, and a
   * Spark stopping under its own pending callbacks makes one do so. Empty when there is no file.
   */
  Optional<PrintStream> fileOnlyStream() {
    return file.map(f -> new PrintStream(new LogLines(LogManager.getLogger(TRACES)), true, StandardCharsets.UTF_8));
  }

  /** Bytes cut into lines, each logged at WARN; PrintStream's own lock keeps a trace's lines together. */
  private static final class LogLines extends OutputStream {
    private final Logger logger;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LogLines(Logger logger) {
      this.logger = logger;
    }

    @Override
    public void write(int b) {
      if (b == '\n') {
        flushLine();
      } else if (b != '\r') {
        line.write(b);
      }
    }

    @Override
    public void close() {
      flushLine();
    }

    private void flushLine() {
      if (line.size() > 0) {
        logger.warn(line.toString(StandardCharsets.UTF_8));
        line.reset();
      }
    }
  }

  /** Where this process logs; empty when it logs nowhere but the console. */
  Optional<Path> file() {
    return file;
  }

  /**
   * Writes {@code e}'s stack trace to the log file, or to {@code err} when there is none.
   *
   * @return the words that tell the console where the trace is, e.g. " (trace: /tmp/.../x.log)";
   *     empty when it went to {@code err}
   */
  String trace(String what, Throwable e, PrintWriter err) {
    if (file.isEmpty()) {
      e.printStackTrace(err);
      return "";
    }
    LogManager.getLogger(TRACES).error(what, e);
    return " (trace: " + file.get() + ")";
  }
}
