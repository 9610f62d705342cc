package dev.sparkcnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.NetworkSettings;
import dev.sparkcnn.model.Optimizer;
import dev.sparkcnn.model.zoo.LeNet5;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class NativeRuntimeTest {

  @Test
  void convolutionAndPoolingLayersGetTheOneDnnHelper() {
    NativeRuntime.enableLayerHelpers();
    MultiLayerNetwork network = new MultiLayerNetwork(new LeNet5().configuration(
        new NetworkSettings(new ImageShape(28, 28, 1), 10, new Optimizer(Optimizer.Kind.ADAM, 1e-3, 0.9, 1.0), 0, 0, 1)));
    network.init();

    // Null when the libnd4j build lacks oneDNN, when DL4J cannot tell that it has it (the
    // org.nd4j.nativeblas.Nd4jCpu bridge), or when helpers are switched off.
    assertNotNull(((ConvolutionLayer) network.getLayer(0)).getHelper(), "conv layer helper");
    assertNotNull(((SubsamplingLayer) network.getLayer(1)).getHelper(), "pooling layer helper");
  }

  @Test
  void threadCountAppliesToTheCallingThreadOnly() throws InterruptedException {
    NativeRuntime.useThreadsOnThisThread(2);
    assertEquals(2, NativeRuntime.threadsOnThisThread());
    NativeRuntime.useThreadsOnThisThread(1);
    assertEquals(1, NativeRuntime.threadsOnThisThread());

    AtomicInteger other = new AtomicInteger();
    Thread thread = new Thread(() -> {
      NativeRuntime.useThreadsOnThisThread(3);
      other.set(NativeRuntime.threadsOnThisThread());
    });
    thread.start();
    thread.join();
    assertEquals(3, other.get());
    assertEquals(1, NativeRuntime.threadsOnThisThread());
  }

  @Test
  void threadsPerTaskIsPositive() {
    assertTrue(NativeRuntime.threadsPerTask() >= 1);
  }
}
