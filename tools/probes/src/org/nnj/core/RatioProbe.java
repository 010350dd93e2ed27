package org.nnj.core;
import org.nnj.api.*;
import org.nnj.api.spi.*;
import org.nnj.data.*;
import org.nnj.core.math.*;
/**
 * Batch-32 and batch-128 training steps on one network, alternating blocks of 4096 samples in one process: the
 * ratio of the two under the same machine conditions. -Donly=0 or 1 runs one side alone. Argument: rounds.
 */
public class RatioProbe {
  static final int ONLY = Integer.getInteger("only", -1);
  public static void main(String[] a) throws Exception {
    int rounds = Integer.parseInt(a[0]);
    Dataset train = org.nnj.probes.Probes.fashionTrain();
    Network net = org.nnj.probes.Probes.mlp();
    Trainer t = new Trainer(net, Nets.train(net).optimizer("adam","lr",0.001).options());
    F32Mat xs = (F32Mat) train.features(); F32Mat ys = (F32Mat) train.targets();
    int[] bs = {32, 128};
    Mat[][] xb = new Mat[2][]; Mat[][] yb = new Mat[2][];
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int q = 0; q < 2; q++) {
      int n = 4096 / bs[q]; xb[q] = new Mat[n]; yb[q] = new Mat[n];
      for (int s = 0; s < n; s++) {
        F32Mat x = (F32Mat) Mat.zeros(Precision.FLOAT32, bs[q], 784), y = (F32Mat) Mat.zeros(Precision.FLOAT32, bs[q], 10);
        for (int i = 0; i < bs[q]; i++) { int row = r.nextInt(60000);
          System.arraycopy(xs.data(), row*784, x.data(), i*784, 784); System.arraycopy(ys.data(), row*10, y.data(), i*10, 10); }
        xb[q][s] = x; yb[q][s] = y;
      }
    }
    java.lang.reflect.Method tb = Trainer.class.getDeclaredMethod("trainBatch", Workspace.class, Mat.class, Mat.class, int.class, long.class, long.class, double.class, java.util.List.class, boolean.class);
    tb.setAccessible(true);
    java.lang.invoke.MethodHandle h = java.lang.invoke.MethodHandles.lookup().unreflect(tb);
    Workspace[] wss = {net.newTrainingWorkspace(32), net.newTrainingWorkspace(128)};
    java.util.List<TrainingListener> none = java.util.List.of();
    long[] ns = new long[2];
    for (int round = 0; round < rounds; round++) {
      for (int q = 0; q < 2; q++) {
        if (ONLY >= 0 && q != ONLY) continue;
        long t0 = System.nanoTime();
        for (int s = 0; s < xb[q].length; s++) { try { h.invoke(t, wss[q], xb[q][s], yb[q][s], 0, (long) s, 469L, 0.001, none, false); } catch (Throwable e) { throw new RuntimeException(e); } }
        if (round >= rounds / 4) ns[q] += System.nanoTime() - t0;
      }
    }
    double n = (rounds - rounds / 4) * 4096.0;
    double r32 = n / (ns[0] / 1e9), r128 = n / (ns[1] / 1e9);
    System.out.printf("interleaved: batch 32 %.0f samples/s, batch 128 %.0f samples/s, ratio %.1f%%%n", r32, r128, 100 * r32 / r128);
  }
}
