package dev.sparkcnn.driver.data;

import dev.sparkcnn.refusal.InvalidDataException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a label as stored (a class index, or a class name) into a class index, refusing labels
 * outside the classes. Travels to the executors inside the read tasks.
 */
final class LabelMapping implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numClasses;
  private final Map<String, Integer> byName;

  private LabelMapping(int numClasses, Map<String, Integer> byName) {
    this.numClasses = numClasses;
    this.byName = byName;
  }

  /** Labels that are indices in [0, numClasses); Integer.MAX_VALUE while the classes are still to be inferred. */
  static LabelMapping indices(int numClasses) {
    return new LabelMapping(numClasses, null);
  }

  /** Labels that are names, each the index of its position in {@code names}. */
  static LabelMapping names(List<String> names) {
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      byName.put(names.get(i), i);
    }
    return new LabelMapping(names.size(), byName);
  }

  /**
   * Class names in label order: sorted as text, or as numbers when every name is a whole number
   * (so folders 0..10 keep their indices, instead of 10 sorting before 2).
   */
  static List<String> sorted(java.util.Collection<String> names) {
    boolean numeric = !names.isEmpty() && names.stream().allMatch(n -> n.matches("-?[0-9]{1,18}"));
    return names.stream().sorted(numeric ? java.util.Comparator.comparingLong(Long::parseLong) : java.util.Comparator.naturalOrder())
        .toList();
  }

  int numClasses() {
    return numClasses;
  }

  int index(String source, long label) throws InvalidDataException {
    if (byName != null) {
      return index(source, String.valueOf(label));
    }
    if (numClasses == Integer.MAX_VALUE && (label < 0 || label >= numClasses)) {
      throw new InvalidDataException(source, "label " + label + " is not a class index (a whole number from 0)");
    }
    if (label < 0 || label >= numClasses) {
      throw new InvalidDataException(source, "label " + label + " is out of range; expected 0.." + (numClasses - 1)
          + " (data.numClasses is " + numClasses + ", or the training set's largest label + 1)");
    }
    return (int) label;
  }

  int index(String source, String name) throws InvalidDataException {
    if (byName == null) {
      try {
        return index(source, Long.parseLong(name.trim()));
      } catch (NumberFormatException e) {
        throw new InvalidDataException(source, "label '" + name + "' is not a class index 0.." + (numClasses - 1));
      }
    }
    Integer index = byName.get(name);
    if (index == null) {
      throw new InvalidDataException(source, "class '" + name + "' is not one of the training set's "
          + numClasses + " classes " + abbreviated(byName.keySet().stream().sorted().toList()));
    }
    return index;
  }

  private static String abbreviated(List<String> names) {
    return names.size() <= 20 ? names.toString() : names.subList(0, 20) + " and " + (names.size() - 20) + " more";
  }
}
