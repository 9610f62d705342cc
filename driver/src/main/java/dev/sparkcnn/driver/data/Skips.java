package dev.sparkcnn.driver.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a read of one split left out, and why: per reason, how many files (or rows) and the first
 * few of them in name order. Bounded whatever the data holds, so the executors can add tallies up
 * and hand the sum to the driver. Plain classes, not records, so that Kryo can carry them.
 */
public final class Skips implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Names kept per reason. */
  static final int NAMES = 5;
  /** Nothing skipped. */
  public static final Skips NONE = new Skips(new Tally[SkipReason.values().length]);

  /** One reason's tally, as provenance.json records it. */
  public static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long count;
    private final ArrayList<String> first;

    /**
     * @param count how many were skipped
     * @param first the first of them in name order, at most {@value Skips#NAMES}
     */
    @com.fasterxml.jackson.annotation.JsonCreator
    public Tally(@com.fasterxml.jackson.annotation.JsonProperty("count") long count,
        @com.fasterxml.jackson.annotation.JsonProperty("first") List<String> first) {
      this.count = count;
      this.first = new ArrayList<>(first);
    }

    @com.fasterxml.jackson.annotation.JsonProperty
    public long count() {
      return count;
    }

    @com.fasterxml.jackson.annotation.JsonProperty
    public List<String> first() {
      return Collections.unmodifiableList(first);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tally t && count == t.count && first.equals(t.first);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(count) * 31 + first.hashCode();
    }
  }

  /** By reason's ordinal; null where nothing was skipped for it. An array, which Kryo carries as it is. */
  private final Tally[] tallies;

  private Skips(Tally[] tallies) {
    this.tallies = tallies;
  }

  /** One skipped file or row. */
  public static Skips of(SkipReason reason, String name) {
    return of(reason, 1, List.of(name));
  }

  /** {@code count} skipped for {@code reason}, of which {@code names} are the first. */
  static Skips of(SkipReason reason, long count, List<String> names) {
    if (count == 0) {
      return NONE;
    }
    Tally[] one = new Tally[SkipReason.values().length];
    one[reason.ordinal()] = new Tally(count, first(names));
    return new Skips(one);
  }

  /** Both tallies together. */
  public Skips plus(Skips other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    Tally[] sum = tallies.clone();
    for (int i = 0; i < sum.length; i++) {
      Tally theirs = other.tallies[i];
      if (theirs != null && sum[i] == null) {
        sum[i] = theirs;
      } else if (theirs != null) {
        List<String> names = new ArrayList<>(sum[i].first());
        names.addAll(theirs.first());
        sum[i] = new Tally(sum[i].count() + theirs.count(), first(names));
      }
    }
    return new Skips(sum);
  }

  private static List<String> first(List<String> names) {
    return new TreeSet<>(names).stream().limit(NAMES).toList();
  }

  public boolean isEmpty() {
    return Arrays.stream(tallies).allMatch(Objects::isNull);
  }

  /** How many were skipped, for all reasons. */
  public long total() {
    return Arrays.stream(tallies).filter(Objects::nonNull).mapToLong(Tally::count).sum();
  }

  /** The tally of one reason; none when nothing was skipped for it. */
  public Optional<Tally> of(SkipReason reason) {
    return Optional.ofNullable(tallies[reason.ordinal()]);
  }

  /** The reasons and their tallies, keyed as provenance.json writes them. */
  public Map<String, Tally> byKey() {
    Map<String, Tally> keyed = new LinkedHashMap<>();
    for (SkipReason reason : SkipReason.values()) {
      of(reason).ifPresent(tally -> keyed.put(reason.key(), tally));
    }
    return Collections.unmodifiableMap(keyed);
  }

  /**
   * One line for the console: "3 files skipped: 2 not a PNG or JPEG file (a.gif, notes.txt); 1 hidden (...) (.DS_Store)".
   *
   * @param what what was skipped, in the singular: "file", "row"
   */
  public String describe(String what) {
    return String.format(Locale.ROOT, "%,d %s%s skipped: ", total(), what, total() == 1 ? "" : "s") + Arrays.stream(SkipReason.values())
        .filter(r -> of(r).isPresent())
        .map(r -> {
          Tally t = of(r).orElseThrow();
          return String.format(Locale.ROOT, "%,d %s (%s%s)", t.count(), r.description(), String.join(", ", t.first()),
              t.count() > t.first().size() ? ", ..." : "");
        })
        .collect(Collectors.joining("; "));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Skips other && Arrays.equals(tallies, other.tallies);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(tallies);
  }

  @Override
  public String toString() {
    return isEmpty() ? "nothing skipped" : describe("skipped");
  }
}
