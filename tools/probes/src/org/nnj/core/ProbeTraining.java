package org.nnj.core;

import java.util.SplittableRandom;
import org.nnj.api.F32Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.spi.Updater;
import org.nnj.core.math.WorkerParallelism;
import org.nnj.data.Dataset;

/**
 * The Fashion-MNIST MLP with Adam, its training workspace and one batch buffer, as the step probes use them
 * (in package org.nnj.core for the network's package-private forward and backward).
 */
final class ProbeTraining {
  final Network net;
  final Updater up;
  final Workspace ws;
  final F32Mat x;
  final F32Mat y;
  private final F32Mat xs;
  private final F32Mat ys;
  private final int batch;

  ProbeTraining(int batch) throws Exception {
    Dataset train = org.nnj.probes.Probes.fashionTrain();
    this.batch = batch;
    net = org.nnj.probes.Probes.mlp();
    up = org.nnj.probes.Probes.adam(net, WorkerParallelism.INSTANCE);
    ws = net.newTrainingWorkspace(batch);
    x = (F32Mat) Mat.zeros(Precision.FLOAT32, batch, 784);
    y = (F32Mat) Mat.zeros(Precision.FLOAT32, batch, 10);
    xs = (F32Mat) train.features();
    ys = (F32Mat) train.targets();
  }

  /** Copies {@code batch} rows of the training set, drawn from {@code r}, into x and y. */
  void gather(SplittableRandom r) {
    for (int i = 0; i < batch; i++) {
      int row = r.nextInt(60000);
      System.arraycopy(xs.data(), xs.offset() + row * 784, x.data(), i * 784, 784);
      System.arraycopy(ys.data(), ys.offset() + row * 10, y.data(), i * 10, 10);
    }
  }
}
