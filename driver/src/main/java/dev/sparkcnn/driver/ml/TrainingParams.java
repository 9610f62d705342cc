package dev.sparkcnn.driver.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training settings as typed Spark ML Params: for each, {@code x()} gives the Param (for
 * {@code ParamGridBuilder}), {@code getX()} its value and {@code setX(value)} sets it, checked against the
 * setting's rule at once. Generated from {@code Settings} by {@code TrainingParamsSource} (tests);
 * {@code TypedParamsTest} fails when a setting is declared without its accessors here.
 *
 * @param <S> the stage, which setters return for chaining
 */
public interface TrainingParams<S extends TrainingParams<S>> extends Params {
  /**
   * Column holding each label: a class index (whole numbers, also as doubles), or a class name (names are
   * sorted to give indices); a StringIndexer's labels keep its class names. Setting {@code data.labelColumn};
   * default: {@code label}; must not be empty.
   */
  @SuppressWarnings("unchecked")
  default Param<String> labelCol() {
    return (Param<String>) (Param<?>) getParam("labelCol");
  }

  /** The value of {@link #labelCol()}. */
  default String getLabelCol() {
    return (String) getOrDefault(labelCol());
  }

  /** Sets {@link #labelCol()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setLabelCol(String value) {
    set(labelCol(), value);
    return (S) this;
  }

  /**
   * HEIGHTxWIDTH every image is resized to, e.g. 32x32; empty requires one size throughout. Setting {@code
   * data.resize}; unit: pixels; default: empty; must be empty (no resizing) or HEIGHTxWIDTH in pixels, each 1
   * to 4096, e.g. 32x32.
   */
  @SuppressWarnings("unchecked")
  default Param<String> resize() {
    return (Param<String>) (Param<?>) getParam("resize");
  }

  /** The value of {@link #resize()}. */
  default String getResize() {
    return (String) getOrDefault(resize());
  }

  /** Sets {@link #resize()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setResize(String value) {
    set(resize(), value);
    return (S) this;
  }

  /**
   * 1 (grey) or 3 (RGB) channels every image is converted to; 0 takes those of the first image. Setting
   * {@code data.channels}; unit: channels; default: {@code 0}; must be 0 (as the first image), 1 (grey) or 3
   * (RGB).
   */
  default IntParam channels() {
    return (IntParam) getParam("channels");
  }

  /** The value of {@link #channels()}. */
  default int getChannels() {
    return (Integer) getOrDefault(channels());
  }

  /** Sets {@link #channels()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setChannels(int value) {
    set(channels(), value);
    return (S) this;
  }

  /**
   * Number of classes; 0 takes it from the data: the class folders or label names, or for index labels the
   * largest + 1 (inferred up to 1000). With N, index labels must be 0..N-1. Setting {@code data.numClasses};
   * unit: classes; default: {@code 0}; must be 0 (from the data) or between 2 and 100000.
   */
  default IntParam numClasses() {
    return (IntParam) getParam("numClasses");
  }

  /** The value of {@link #numClasses()}. */
  default int getNumClasses() {
    return (Integer) getOrDefault(numClasses());
  }

  /** Sets {@link #numClasses()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setNumClasses(int value) {
    set(numClasses(), value);
    return (S) this;
  }

  /**
   * The network, from `spark-cnn networks`. Setting {@code model.name}; default: {@code lenet5}; must name a
   * known model (lenet5, simple-cnn, alexnet-mnist, vgg-mnist, resnet-mnist, inception-mnist).
   */
  @SuppressWarnings("unchecked")
  default Param<String> network() {
    return (Param<String>) (Param<?>) getParam("network");
  }

  /** The value of {@link #network()}. */
  default String getNetwork() {
    return (String) getOrDefault(network());
  }

  /** Sets {@link #network()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setNetwork(String value) {
    set(network(), value);
    return (S) this;
  }

  /**
   * Chance of dropping a unit; 0 keeps the architecture's own (simple-cnn, alexnet-mnist, vgg-mnist: 0.5;
   * others: none). Setting {@code model.dropout}; unit: probability; default: {@code 0.0}; must be in [0, 1).
   */
  default DoubleParam dropout() {
    return (DoubleParam) getParam("dropout");
  }

  /** The value of {@link #dropout()}. */
  default double getDropout() {
    return (Double) getOrDefault(dropout());
  }

  /** Sets {@link #dropout()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setDropout(double value) {
    set(dropout(), value);
    return (S) this;
  }

  /**
   * L2 weight decay. Setting {@code model.l2}; unit: coefficient; default: {@code 0.0}; must be &gt;= 0.
   */
  default DoubleParam l2() {
    return (DoubleParam) getParam("l2");
  }

  /** The value of {@link #l2()}. */
  default double getL2() {
    return (Double) getOrDefault(l2());
  }

  /** Sets {@link #l2()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setL2(double value) {
    set(l2(), value);
    return (S) this;
  }

  /**
   * What every feature convolution is: standard, depthwise, separable (depthwise then 1x1) or dilated.
   * Setting {@code model.convolution}; default: {@code standard}.
   */
  @SuppressWarnings("unchecked")
  default Param<String> convolution() {
    return (Param<String>) (Param<?>) getParam("convolution");
  }

  /** The value of {@link #convolution()}. */
  default String getConvolution() {
    return (String) getOrDefault(convolution());
  }

  /** Sets {@link #convolution()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setConvolution(String value) {
    set(convolution(), value);
    return (S) this;
  }

  /**
   * Distance between kernel taps of dilated convolutions. Setting {@code model.dilation}; unit: pixels;
   * default: {@code 2}; must be &gt;= 2.
   */
  default IntParam dilation() {
    return (IntParam) getParam("dilation");
  }

  /** The value of {@link #dilation()}. */
  default int getDilation() {
    return (Integer) getOrDefault(dilation());
  }

  /** Sets {@link #dilation()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setDilation(int value) {
    set(dilation(), value);
    return (S) this;
  }

  /**
   * Kernel height and width of every feature convolution; 0 keeps the architecture's own. Setting {@code
   * model.kernelSize}; unit: pixels; default: {@code 0}; must be 0 (the architecture's own) or an odd number
   * &gt;= 3.
   */
  default IntParam kernelSize() {
    return (IntParam) getParam("kernelSize");
  }

  /** The value of {@link #kernelSize()}. */
  default int getKernelSize() {
    return (Integer) getOrDefault(kernelSize());
  }

  /** Sets {@link #kernelSize()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setKernelSize(int value) {
    set(kernelSize(), value);
    return (S) this;
  }

  /**
   * Stride of every feature convolution; 0 keeps the architecture's own (1, and 2 in resnet's downsampling
   * blocks). Setting {@code model.stride}; unit: pixels; default: {@code 0}; must be &gt;= 0 (0 means the
   * architecture's own).
   */
  default IntParam stride() {
    return (IntParam) getParam("stride");
  }

  /** The value of {@link #stride()}. */
  default int getStride() {
    return (Integer) getOrDefault(stride());
  }

  /** Sets {@link #stride()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setStride(int value) {
    set(stride(), value);
    return (S) this;
  }

  /**
   * same keeps the feature map's size; valid lets each convolution shrink it by kernel - 1; auto: the
   * architecture's. Setting {@code model.padding}; default: {@code auto}.
   */
  @SuppressWarnings("unchecked")
  default Param<String> padding() {
    return (Param<String>) (Param<?>) getParam("padding");
  }

  /** The value of {@link #padding()}. */
  default String getPadding() {
    return (String) getOrDefault(padding());
  }

  /** Sets {@link #padding()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setPadding(String value) {
    set(padding(), value);
    return (S) this;
  }

  /**
   * The downsampling pools: max or avg; auto: the architecture's. Setting {@code model.pooling}; default:
   * {@code auto}.
   */
  @SuppressWarnings("unchecked")
  default Param<String> pooling() {
    return (Param<String>) (Param<?>) getParam("pooling");
  }

  /** The value of {@link #pooling()}. */
  default String getPooling() {
    return (String) getOrDefault(pooling());
  }

  /** Sets {@link #pooling()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setPooling(String value) {
    set(pooling(), value);
    return (S) this;
  }

  /**
   * How the convolutional trunk meets the classifier: none flattens, max and avg pool each channel to one
   * value; auto: avg for resnet-mnist and inception-mnist, none elsewhere. Setting {@code
   * model.globalPooling}; default: {@code auto}.
   */
  @SuppressWarnings("unchecked")
  default Param<String> globalPooling() {
    return (Param<String>) (Param<?>) getParam("globalPooling");
  }

  /** The value of {@link #globalPooling()}. */
  default String getGlobalPooling() {
    return (String) getOrDefault(globalPooling());
  }

  /** Sets {@link #globalPooling()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setGlobalPooling(String value) {
    set(globalPooling(), value);
    return (S) this;
  }

  /**
   * Batch normalization after every convolution: on or off; auto: on for resnet-mnist and inception-mnist.
   * Setting {@code model.batchNorm}; default: {@code auto}.
   */
  @SuppressWarnings("unchecked")
  default Param<String> batchNorm() {
    return (Param<String>) (Param<?>) getParam("batchNorm");
  }

  /** The value of {@link #batchNorm()}. */
  default String getBatchNorm() {
    return (String) getOrDefault(batchNorm());
  }

  /** Sets {@link #batchNorm()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setBatchNorm(String value) {
    set(batchNorm(), value);
    return (S) this;
  }

  /**
   * Residual blocks of resnet-mnist or inception modules of inception-mnist; 0 keeps the architecture's own.
   * Setting {@code model.blocks}; unit: blocks; default: {@code 0}; must be between 0 and 64 (0 means the
   * architecture's own).
   */
  default IntParam blocks() {
    return (IntParam) getParam("blocks");
  }

  /** The value of {@link #blocks()}. */
  default int getBlocks() {
    return (Integer) getOrDefault(blocks());
  }

  /** Sets {@link #blocks()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setBlocks(int value) {
    set(blocks(), value);
    return (S) this;
  }

  /**
   * Passes over the training set. Setting {@code training.epochs}; unit: epochs; default: {@code 2}; must be
   * between 1 and 100000.
   */
  default IntParam epochs() {
    return (IntParam) getParam("epochs");
  }

  /** The value of {@link #epochs()}. */
  default int getEpochs() {
    return (Integer) getOrDefault(epochs());
  }

  /** Sets {@link #epochs()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setEpochs(int value) {
    set(epochs(), value);
    return (S) this;
  }

  /**
   * Images per minibatch on each worker; a run is refused before it reads the data when DL4J's estimate of a
   * worker's memory for it exceeds an executor's share. Setting {@code training.batchSizePerWorker}; unit:
   * images; default: {@code 32}; must be between 1 and 65536.
   */
  default IntParam batchSizePerWorker() {
    return (IntParam) getParam("batchSizePerWorker");
  }

  /** The value of {@link #batchSizePerWorker()}. */
  default int getBatchSizePerWorker() {
    return (Integer) getOrDefault(batchSizePerWorker());
  }

  /** Sets {@link #batchSizePerWorker()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setBatchSizePerWorker(int value) {
    set(batchSizePerWorker(), value);
    return (S) this;
  }

  /**
   * Minibatches each worker fits between two parameter averagings. Each round has a fixed cost (a broadcast,
   * a task per worker, the driver's sum), so lower spends more of an epoch on it; higher lets the workers
   * drift apart. Setting {@code training.averagingFrequency}; unit: minibatches; default: {@code 20}; must be
   * between 1 and 100000.
   */
  default IntParam averagingFrequency() {
    return (IntParam) getParam("averagingFrequency");
  }

  /** The value of {@link #averagingFrequency()}. */
  default int getAveragingFrequency() {
    return (Integer) getOrDefault(averagingFrequency());
  }

  /** Sets {@link #averagingFrequency()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setAveragingFrequency(int value) {
    set(averagingFrequency(), value);
    return (S) this;
  }

  /**
   * From this many workers in a round, their results are summed on the executors in groups of about
   * sqrt(workers), and the driver fetches and sums only the groups' sums; below it, the driver sums every
   * worker's. Either way the order is fixed by partition, so a run's bits do not depend on which task ends
   * first; grouping changes them against the flat sum. Grouping adds a shuffle and a stage to every round; it
   * pays where the driver's link and fold are the bottleneck, later for small networks (README, Performance).
   * 0 never groups. Setting {@code training.executorSumFrom}; unit: workers; default: {@code 16}; must be
   * between 0 and 10000 (0 means never).
   */
  default IntParam executorSumFrom() {
    return (IntParam) getParam("executorSumFrom");
  }

  /** The value of {@link #executorSumFrom()}. */
  default int getExecutorSumFrom() {
    return (Integer) getOrDefault(executorSumFrom());
  }

  /** Sets {@link #executorSumFrom()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setExecutorSumFrom(int value) {
    set(executorSumFrom(), value);
    return (S) this;
  }

  /**
   * How workers stay in step: averaging (parameter averaging every averagingFrequency minibatches) or sharing
   * (threshold-encoded updates after every minibatch over Aeron UDP; an epoch is one Spark job, so
   * averagingFrequency and checkpoint.everyRounds do not apply). Setting {@code training.mode}; default:
   * {@code averaging}.
   */
  @SuppressWarnings("unchecked")
  default Param<String> mode() {
    return (Param<String>) (Param<?>) getParam("mode");
  }

  /** The value of {@link #mode()}. */
  default String getMode() {
    return (String) getOrDefault(mode());
  }

  /** Sets {@link #mode()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setMode(String value) {
    set(mode(), value);
    return (S) this;
  }

  /**
   * In training.mode sharing, the driver's Aeron UDP port; executor N listens on this + 1 + N (N modulo
   * 1000). Open them between the driver and the executors. Setting {@code training.sharingPort}; unit: UDP
   * port; default: {@code 40123}; must be between 1024 and 64535.
   */
  default IntParam sharingPort() {
    return (IntParam) getParam("sharingPort");
  }

  /** The value of {@link #sharingPort()}. */
  default int getSharingPort() {
    return (Integer) getOrDefault(sharingPort());
  }

  /** Sets {@link #sharingPort()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setSharingPort(int value) {
    set(sharingPort(), value);
    return (S) this;
  }

  /**
   * In training.mode sharing, the network (CIDR, e.g. 10.0.0.0/16) whose address each executor announces to
   * the others; empty announces 127.0.0.1, which serves one host only (local mode, a one-machine cluster).
   * Setting {@code training.sharingNetworkMask}; default: empty; must be empty or a CIDR block like
   * 10.0.0.0/16.
   */
  @SuppressWarnings("unchecked")
  default Param<String> sharingNetworkMask() {
    return (Param<String>) (Param<?>) getParam("sharingNetworkMask");
  }

  /** The value of {@link #sharingNetworkMask()}. */
  default String getSharingNetworkMask() {
    return (String) getOrDefault(sharingNetworkMask());
  }

  /** Sets {@link #sharingNetworkMask()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setSharingNetworkMask(String value) {
    set(sharingNetworkMask(), value);
    return (S) this;
  }

  /**
   * Parallel training tasks per averaging round. auto plans each epoch anew from the task slots of the
   * executors alive when it starts (cores / spark.task.cpus; local mode: its cores), within
   * minWorkers..maxWorkers, so a job follows executors that leave or join; a number fixes it. A resumed run
   * may change it (README, Elastic training). Setting {@code training.workers}; unit: tasks; default: {@code
   * 0}; must be auto (or 0) or between 1 and 10000.
   */
  default IntParam workers() {
    return (IntParam) getParam("workers");
  }

  /** The value of {@link #workers()}. */
  default int getWorkers() {
    return (Integer) getOrDefault(workers());
  }

  /** Sets {@link #workers()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setWorkers(int value) {
    set(workers(), value);
    return (S) this;
  }

  /**
   * With training.workers auto, the fewest workers an epoch is planned for: below it, the round's tasks queue
   * for the slots there are (and ask dynamic allocation for more executors). Setting {@code
   * training.minWorkers}; unit: tasks; default: {@code 1}; must be between 1 and 10000.
   */
  default IntParam minWorkers() {
    return (IntParam) getParam("minWorkers");
  }

  /** The value of {@link #minWorkers()}. */
  default int getMinWorkers() {
    return (Integer) getOrDefault(minWorkers());
  }

  /** Sets {@link #minWorkers()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setMinWorkers(int value) {
    set(minWorkers(), value);
    return (S) this;
  }

  /**
   * With training.workers auto, the most workers an epoch is planned for, however many slots are live; 0 for
   * no limit. Setting {@code training.maxWorkers}; unit: tasks; default: {@code 0}; must be between 0 and
   * 10000 (0 means no limit).
   */
  default IntParam maxWorkers() {
    return (IntParam) getParam("maxWorkers");
  }

  /** The value of {@link #maxWorkers()}. */
  default int getMaxWorkers() {
    return (Integer) getOrDefault(maxWorkers());
  }

  /** Sets {@link #maxWorkers()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setMaxWorkers(int value) {
    set(maxWorkers(), value);
    return (S) this;
  }

  /**
   * With training.workers auto, workers planned for each live task slot. Above 1 a round has more tasks than
   * slots, and Spark hands each task to the first slot that frees: a slow executor fits fewer shares and the
   * others fit the rest, instead of all waiting for it. Each worker is one more model in the average (README,
   * Elastic training). Setting {@code training.workersPerSlot}; unit: workers per slot; default: {@code 1};
   * must be between 1 and 64.
   */
  default IntParam workersPerSlot() {
    return (IntParam) getParam("workersPerSlot");
  }

  /** The value of {@link #workersPerSlot()}. */
  default int getWorkersPerSlot() {
    return (Integer) getOrDefault(workersPerSlot());
  }

  /** Sets {@link #workersPerSlot()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setWorkersPerSlot(int value) {
    set(workersPerSlot(), value);
    return (S) this;
  }

  /**
   * Partitions of the cached training set; 0 means one per worker. Setting {@code training.partitions}; unit:
   * partitions; default: {@code 0}; must be between 0 and 100000 (0 means one per worker).
   */
  default IntParam partitions() {
    return (IntParam) getParam("partitions");
  }

  /** The value of {@link #partitions()}. */
  default int getPartitions() {
    return (Integer) getOrDefault(partitions());
  }

  /** Sets {@link #partitions()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setPartitions(int value) {
    set(partitions(), value);
    return (S) this;
  }

  /**
   * Minibatches each worker prepares ahead of the one it fits. Setting {@code training.prefetchBatches};
   * unit: minibatches; default: {@code 2}; must be between 0 and 64.
   */
  default IntParam prefetchBatches() {
    return (IntParam) getParam("prefetchBatches");
  }

  /** The value of {@link #prefetchBatches()}. */
  default int getPrefetchBatches() {
    return (Integer) getOrDefault(prefetchBatches());
  }

  /** Sets {@link #prefetchBatches()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setPrefetchBatches(int value) {
    set(prefetchBatches(), value);
    return (S) this;
  }

  /**
   * Minibatches each worker fits on a throwaway copy of the network before the first timed epoch, so that the
   * JIT and oneDNN are ready for the training shapes; 0 for none. The model is not changed. Setting {@code
   * training.primingBatches}; unit: minibatches; default: {@code 20}; must be between 0 and 10000 (0 means no
   * priming).
   */
  default IntParam primingBatches() {
    return (IntParam) getParam("primingBatches");
  }

  /** The value of {@link #primingBatches()}. */
  default int getPrimingBatches() {
    return (Integer) getOrDefault(primingBatches());
  }

  /** Sets {@link #primingBatches()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setPrimingBatches(int value) {
    set(primingBatches(), value);
    return (S) this;
  }

  /**
   * Keep each layer's pre-activations from the forward pass for backprop, instead of DL4J's default of
   * computing every convolution's forward pass again there; costs one pre-activation array per convolution
   * layer, changes no result. Setting {@code training.cacheForwardPass}; default: {@code true}.
   */
  default BooleanParam cacheForwardPass() {
    return (BooleanParam) getParam("cacheForwardPass");
  }

  /** The value of {@link #cacheForwardPass()}. */
  default boolean getCacheForwardPass() {
    return (Boolean) getOrDefault(cacheForwardPass());
  }

  /** Sets {@link #cacheForwardPass()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setCacheForwardPass(boolean value) {
    set(cacheForwardPass(), value);
    return (S) this;
  }

  /**
   * Update rule: adam, sgd, momentum (classical), nesterov or rmsprop. Setting {@code training.optimizer};
   * default: {@code adam}.
   */
  @SuppressWarnings("unchecked")
  default Param<String> optimizer() {
    return (Param<String>) (Param<?>) getParam("optimizer");
  }

  /** The value of {@link #optimizer()}. */
  default String getOptimizer() {
    return (String) getOrDefault(optimizer());
  }

  /** Sets {@link #optimizer()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setOptimizer(String value) {
    set(optimizer(), value);
    return (S) this;
  }

  /**
   * Base learning rate. Two workers' averaged steps move about half as far as one's: 3x Adam's usual 1e-3.
   * Setting {@code training.learningRate}; default: {@code 0.003}; must be in (0, 10].
   */
  default DoubleParam learningRate() {
    return (DoubleParam) getParam("learningRate");
  }

  /** The value of {@link #learningRate()}. */
  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  /** Sets {@link #learningRate()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setLearningRate(double value) {
    set(learningRate(), value);
    return (S) this;
  }

  /**
   * Momentum of momentum and nesterov. Setting {@code training.momentum}; default: {@code 0.9}; must be in
   * [0, 1).
   */
  default DoubleParam momentum() {
    return (DoubleParam) getParam("momentum");
  }

  /** The value of {@link #momentum()}. */
  default double getMomentum() {
    return (Double) getOrDefault(momentum());
  }

  /** Sets {@link #momentum()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setMomentum(double value) {
    set(momentum(), value);
    return (S) this;
  }

  /**
   * step: times learningRateDecay every decayEveryEpochs epochs; exponential: times learningRateDecay per
   * epoch, continuously; constant: no decay. Setting {@code training.learningRateSchedule}; default: {@code
   * step}.
   */
  @SuppressWarnings("unchecked")
  default Param<String> learningRateSchedule() {
    return (Param<String>) (Param<?>) getParam("learningRateSchedule");
  }

  /** The value of {@link #learningRateSchedule()}. */
  default String getLearningRateSchedule() {
    return (String) getOrDefault(learningRateSchedule());
  }

  /** Sets {@link #learningRateSchedule()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setLearningRateSchedule(String value) {
    set(learningRateSchedule(), value);
    return (S) this;
  }

  /**
   * Decay factor per step or per epoch; 1 keeps the rate constant. Setting {@code
   * training.learningRateDecay}; unit: factor; default: {@code 0.3}; must be in (0, 1] (1 keeps the rate
   * constant).
   */
  default DoubleParam learningRateDecay() {
    return (DoubleParam) getParam("learningRateDecay");
  }

  /** The value of {@link #learningRateDecay()}. */
  default double getLearningRateDecay() {
    return (Double) getOrDefault(learningRateDecay());
  }

  /** Sets {@link #learningRateDecay()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setLearningRateDecay(double value) {
    set(learningRateDecay(), value);
    return (S) this;
  }

  /**
   * Epochs between two steps of the step schedule. Setting {@code training.decayEveryEpochs}; unit: epochs;
   * default: {@code 1}; must be &gt;= 1.
   */
  default IntParam decayEveryEpochs() {
    return (IntParam) getParam("decayEveryEpochs");
  }

  /** The value of {@link #decayEveryEpochs()}. */
  default int getDecayEveryEpochs() {
    return (Integer) getOrDefault(decayEveryEpochs());
  }

  /** Sets {@link #decayEveryEpochs()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setDecayEveryEpochs(int value) {
    set(decayEveryEpochs(), value);
    return (S) this;
  }

  /**
   * Epochs over which the rate ramps linearly up from near 0; fractions allowed; 0 for none. Setting {@code
   * training.warmupEpochs}; unit: epochs; default: {@code 0.0}; must be in [0, 1000] (0 means no warm-up).
   */
  default DoubleParam warmupEpochs() {
    return (DoubleParam) getParam("warmupEpochs");
  }

  /** The value of {@link #warmupEpochs()}. */
  default double getWarmupEpochs() {
    return (Double) getOrDefault(warmupEpochs());
  }

  /** Sets {@link #warmupEpochs()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setWarmupEpochs(double value) {
    set(warmupEpochs(), value);
    return (S) this;
  }

  /**
   * Seed for weight initialization, shuffling, augmentation and averaging splits. Setting {@code
   * training.seed}; default: {@code 42}.
   */
  default LongParam seed() {
    return (LongParam) getParam("seed");
  }

  /** The value of {@link #seed()}. */
  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  /** Sets {@link #seed()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setSeed(long value) {
    set(seed(), value);
    return (S) this;
  }

  /**
   * Where the test set is evaluated after every epoch: on the executors (distributed) or in the driver.
   * Setting {@code training.evaluation}; default: {@code distributed}.
   */
  @SuppressWarnings("unchecked")
  default Param<String> evaluation() {
    return (Param<String>) (Param<?>) getParam("evaluation");
  }

  /** The value of {@link #evaluation()}. */
  default String getEvaluation() {
    return (String) getOrDefault(evaluation());
  }

  /** Sets {@link #evaluation()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setEvaluation(String value) {
    set(evaluation(), value);
    return (S) this;
  }

  /**
   * Time every phase of every averaging round for OUTPUT/training-stats.json and the report's timeline.
   * Setting {@code training.trainingStats}; default: {@code false}.
   */
  default BooleanParam trainingStats() {
    return (BooleanParam) getParam("trainingStats");
  }

  /** The value of {@link #trainingStats()}. */
  default boolean getTrainingStats() {
    return (Boolean) getOrDefault(trainingStats());
  }

  /** Sets {@link #trainingStats()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setTrainingStats(boolean value) {
    set(trainingStats(), value);
    return (S) this;
  }

  /**
   * Augment the training images (crop, shift, rotation, flip, noise, each with its own chance), afresh every
   * epoch. Setting {@code augmentation.enabled}; default: {@code false}.
   */
  default BooleanParam augment() {
    return (BooleanParam) getParam("augment");
  }

  /** The value of {@link #augment()}. */
  default boolean getAugment() {
    return (Boolean) getOrDefault(augment());
  }

  /** Sets {@link #augment()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setAugment(boolean value) {
    set(augment(), value);
    return (S) this;
  }

  /**
   * Augmented copies of every image added to each epoch; 0 replaces every image by one augmented variant.
   * Setting {@code augmentation.copies}; unit: copies; default: {@code 0}; must be between 0 and 100.
   */
  default IntParam augmentCopies() {
    return (IntParam) getParam("augmentCopies");
  }

  /** The value of {@link #augmentCopies()}. */
  default int getAugmentCopies() {
    return (Integer) getOrDefault(augmentCopies());
  }

  /** Sets {@link #augmentCopies()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setAugmentCopies(int value) {
    set(augmentCopies(), value);
    return (S) this;
  }

  /**
   * Chance of a horizontal mirror (a mirrored digit is often no digit). Setting {@code
   * augmentation.flipProbability}; unit: probability; default: {@code 0.0}; must be a probability in [0, 1].
   */
  default DoubleParam flipProbability() {
    return (DoubleParam) getParam("flipProbability");
  }

  /** The value of {@link #flipProbability()}. */
  default double getFlipProbability() {
    return (Double) getOrDefault(flipProbability());
  }

  /** Sets {@link #flipProbability()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setFlipProbability(double value) {
    set(flipProbability(), value);
    return (S) this;
  }

  /**
   * Chance of a random crop of cropSize pixels, padded back with zeros to the image's size. Setting {@code
   * augmentation.cropProbability}; unit: probability; default: {@code 0.5}; must be a probability in [0, 1].
   */
  default DoubleParam cropProbability() {
    return (DoubleParam) getParam("cropProbability");
  }

  /** The value of {@link #cropProbability()}. */
  default double getCropProbability() {
    return (Double) getOrDefault(cropProbability());
  }

  /** Sets {@link #cropProbability()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setCropProbability(double value) {
    set(cropProbability(), value);
    return (S) this;
  }

  /**
   * Side of the crop square, below the image's height and width. Setting {@code augmentation.cropSize}; unit:
   * pixels; default: {@code 24}; must be &gt;= 1 (pixels).
   */
  default IntParam cropSize() {
    return (IntParam) getParam("cropSize");
  }

  /** The value of {@link #cropSize()}. */
  default int getCropSize() {
    return (Integer) getOrDefault(cropSize());
  }

  /** Sets {@link #cropSize()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setCropSize(int value) {
    set(cropSize(), value);
    return (S) this;
  }

  /**
   * Chance of a random translation. Setting {@code augmentation.shiftProbability}; unit: probability;
   * default: {@code 0.0}; must be a probability in [0, 1].
   */
  default DoubleParam shiftProbability() {
    return (DoubleParam) getParam("shiftProbability");
  }

  /** The value of {@link #shiftProbability()}. */
  default double getShiftProbability() {
    return (Double) getOrDefault(shiftProbability());
  }

  /** Sets {@link #shiftProbability()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setShiftProbability(double value) {
    set(shiftProbability(), value);
    return (S) this;
  }

  /**
   * Largest translation on each axis. Setting {@code augmentation.maxShift}; unit: pixels; default: {@code
   * 2}; must be &gt;= 0 (pixels).
   */
  default IntParam maxShift() {
    return (IntParam) getParam("maxShift");
  }

  /** The value of {@link #maxShift()}. */
  default int getMaxShift() {
    return (Integer) getOrDefault(maxShift());
  }

  /** Sets {@link #maxShift()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setMaxShift(int value) {
    set(maxShift(), value);
    return (S) this;
  }

  /**
   * Chance of a rotation about the centre. Setting {@code augmentation.rotationProbability}; unit:
   * probability; default: {@code 0.5}; must be a probability in [0, 1].
   */
  default DoubleParam rotationProbability() {
    return (DoubleParam) getParam("rotationProbability");
  }

  /** The value of {@link #rotationProbability()}. */
  default double getRotationProbability() {
    return (Double) getOrDefault(rotationProbability());
  }

  /** Sets {@link #rotationProbability()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setRotationProbability(double value) {
    set(rotationProbability(), value);
    return (S) this;
  }

  /**
   * Largest rotation either way. Setting {@code augmentation.maxRotationDegrees}; unit: degrees; default:
   * {@code 10.0}; must be in [0, 180] (degrees).
   */
  default DoubleParam maxRotationDegrees() {
    return (DoubleParam) getParam("maxRotationDegrees");
  }

  /** The value of {@link #maxRotationDegrees()}. */
  default double getMaxRotationDegrees() {
    return (Double) getOrDefault(maxRotationDegrees());
  }

  /** Sets {@link #maxRotationDegrees()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setMaxRotationDegrees(double value) {
    set(maxRotationDegrees(), value);
    return (S) this;
  }

  /**
   * Chance of additive Gaussian noise. Setting {@code augmentation.noiseProbability}; unit: probability;
   * default: {@code 0.0}; must be a probability in [0, 1].
   */
  default DoubleParam noiseProbability() {
    return (DoubleParam) getParam("noiseProbability");
  }

  /** The value of {@link #noiseProbability()}. */
  default double getNoiseProbability() {
    return (Double) getOrDefault(noiseProbability());
  }

  /** Sets {@link #noiseProbability()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setNoiseProbability(double value) {
    set(noiseProbability(), value);
    return (S) this;
  }

  /**
   * Standard deviation of that noise, in units of the full pixel range (1 = 255 grey levels). Setting {@code
   * augmentation.noiseStddev}; unit: pixel range; default: {@code 0.05}; must be in [0, 1] (fraction of the
   * pixel range).
   */
  default DoubleParam noiseStddev() {
    return (DoubleParam) getParam("noiseStddev");
  }

  /** The value of {@link #noiseStddev()}. */
  default double getNoiseStddev() {
    return (Double) getOrDefault(noiseStddev());
  }

  /** Sets {@link #noiseStddev()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setNoiseStddev(double value) {
    set(noiseStddev(), value);
    return (S) this;
  }

  /**
   * Newest checkpoints kept under OUTPUT/checkpoints/; one is written after every epoch. Setting {@code
   * checkpoint.keep}; unit: checkpoints; default: {@code 3}; must be between 1 and 1000.
   */
  default IntParam checkpointsKept() {
    return (IntParam) getParam("checkpointsKept");
  }

  /** The value of {@link #checkpointsKept()}. */
  default int getCheckpointsKept() {
    return (Integer) getOrDefault(checkpointsKept());
  }

  /** Sets {@link #checkpointsKept()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setCheckpointsKept(int value) {
    set(checkpointsKept(), value);
    return (S) this;
  }

  /**
   * Also checkpoint every N averaging rounds within an epoch (each pauses training to serialize the model); 0
   * checkpoints at epoch ends only. Setting {@code checkpoint.everyRounds}; unit: rounds; default: {@code 0};
   * must be &gt;= 0 (0 means at epoch ends only).
   */
  default IntParam checkpointEveryRounds() {
    return (IntParam) getParam("checkpointEveryRounds");
  }

  /** The value of {@link #checkpointEveryRounds()}. */
  default int getCheckpointEveryRounds() {
    return (Integer) getOrDefault(checkpointEveryRounds());
  }

  /** Sets {@link #checkpointEveryRounds()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setCheckpointEveryRounds(int value) {
    set(checkpointEveryRounds(), value);
    return (S) this;
  }

  /**
   * Output folder, a local path or a Hadoop URI: metrics.jsonl, config.json, model.zip, checkpoints,
   * report.html. The estimator's default is empty: nothing written. Setting {@code output.dir}; default:
   * empty.
   */
  @SuppressWarnings("unchecked")
  default Param<String> outputDir() {
    return (Param<String>) (Param<?>) getParam("outputDir");
  }

  /** The value of {@link #outputDir()}. */
  default String getOutputDir() {
    return (String) getOrDefault(outputDir());
  }

  /** Sets {@link #outputDir()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setOutputDir(String value) {
    set(outputDir(), value);
    return (S) this;
  }

  /**
   * Start afresh in an output.dir that holds an earlier run, replacing its files as new ones are written.
   * Setting {@code output.overwrite}; default: {@code false}.
   */
  default BooleanParam overwrite() {
    return (BooleanParam) getParam("overwrite");
  }

  /** The value of {@link #overwrite()}. */
  default boolean getOverwrite() {
    return (Boolean) getOrDefault(overwrite());
  }

  /** Sets {@link #overwrite()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setOverwrite(boolean value) {
    set(overwrite(), value);
    return (S) this;
  }

  /**
   * Continue from the newest readable checkpoint in output.dir. A rerun whose output.dir holds checkpoints of
   * the same config (epochs aside) resumes without it; any other non-empty output.dir needs resume or
   * overwrite. Setting {@code output.resume}; default: {@code false}.
   */
  default BooleanParam resume() {
    return (BooleanParam) getParam("resume");
  }

  /** The value of {@link #resume()}. */
  default boolean getResume() {
    return (Boolean) getOrDefault(resume());
  }

  /** Sets {@link #resume()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setResume(boolean value) {
    set(resume(), value);
    return (S) this;
  }

  /**
   * Write OUTPUT/report.html (curves, per-class metrics, misclassified images, saliency maps) when the run
   * ends. Setting {@code output.report}; default: {@code true}.
   */
  default BooleanParam report() {
    return (BooleanParam) getParam("report");
  }

  /** The value of {@link #report()}. */
  default boolean getReport() {
    return (Boolean) getOrDefault(report());
  }

  /** Sets {@link #report()}; a value that breaks its rule is refused at once. */
  @SuppressWarnings("unchecked")
  default S setReport(boolean value) {
    set(report(), value);
    return (S) this;
  }
}
