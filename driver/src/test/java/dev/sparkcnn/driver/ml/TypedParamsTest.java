package dev.sparkcnn.driver.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;

/**
 * Every Param has its typed accessor, getter and setter, so that a new setting cannot miss them:
 * {@link TrainingParams} is generated from the setting declarations and must match them, and each
 * stage's Params are checked against its methods by reflection.
 */
class TypedParamsTest {
  private static final Path SOURCE = Path.of("src/main/java/dev/sparkcnn/driver/ml/TrainingParams.java");

  @Test
  void trainingParamsIsWhatTheSettingsDeclare() throws IOException {
    String expected = TrainingParamsSource.generate();
    String actual = Files.readString(SOURCE, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      Path regenerated = Path.of("target/generated-params/TrainingParams.java");
      Files.createDirectories(regenerated.getParent());
      Files.writeString(regenerated, expected, StandardCharsets.UTF_8);
      assertEquals(expected, actual, "TrainingParams.java is not what the settings declare; copy driver/"
          + regenerated + " over driver/" + SOURCE);
    }
  }

  @Test
  void theClassifierHasATypedAccessorGetterAndSetterForEveryParam() {
    CnnClassifier cnn = new CnnClassifier();
    List<String> missing = missingMethods(cnn, cnn.params());
    assertTrue(missing.isEmpty(), "CnnClassifier lacks " + missing);
  }

  @Test
  void theModelHasThemForEveryScoringParam() throws Exception {
    List<String> missing = new ArrayList<>();
    for (String name : ScoringParams.NAMES) {
      Method accessor = ScoringParams.class.getMethod(name);
      Param<?> param = (Param<?>) accessor.invoke(new CnnClassifier());
      missing.addAll(missingMethods(CnnClassificationModel.class, param, CnnClassificationModel.class));
    }
    assertTrue(missing.isEmpty(), "CnnClassificationModel lacks " + missing);
  }

  private static List<String> missingMethods(Params owner, Param<?>[] params) {
    List<String> missing = new ArrayList<>();
    for (Param<?> p : params) {
      missing.addAll(missingMethods(owner.getClass(), p, owner.getClass()));
    }
    return missing;
  }

  private static List<String> missingMethods(Class<?> owner, Param<?> param, Class<?> self) {
    String name = param.name();
    String capital = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    Class<?> value = valueType(param);
    List<String> missing = new ArrayList<>();
    try {
      Method accessor = owner.getMethod(name);
      if (!accessor.getReturnType().equals(param.getClass())) {
        missing.add(name + "() returning " + param.getClass().getSimpleName());
      }
    } catch (NoSuchMethodException e) {
      missing.add(name + "()");
    }
    try {
      if (!owner.getMethod("get" + capital).getReturnType().equals(value)) {
        missing.add("get" + capital + "() returning " + value);
      }
    } catch (NoSuchMethodException e) {
      missing.add("get" + capital + "()");
    }
    try {
      Method setter = owner.getMethod("set" + capital, value);
      // Generic default methods erase to a supertype; the stage's own type is what callers chain on.
      if (!self.isAssignableFrom(setter.getReturnType()) && !setter.getGenericReturnType().getTypeName().equals("S")) {
        missing.add("set" + capital + "(" + value + ") returning " + self.getSimpleName());
      }
    } catch (NoSuchMethodException e) {
      missing.add("set" + capital + "(" + value + ")");
    }
    return missing;
  }

  static Class<?> valueType(Param<?> param) {
    if (param instanceof IntParam) {
      return int.class;
    } else if (param instanceof LongParam) {
      return long.class;
    } else if (param instanceof DoubleParam) {
      return double.class;
    } else if (param instanceof BooleanParam) {
      return boolean.class;
    }
    return String.class;
  }

}
