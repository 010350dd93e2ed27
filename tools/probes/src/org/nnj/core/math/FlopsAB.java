package org.nnj.core.math;
import org.nnj.api.*;
import org.nnj.core.*;
import org.nnj.data.*;
/**
 * Whole training steps with two split thresholds (Gemm.parallelFlops) alternating every 10 steps, one process.
 * Arguments: batch blocks thresholdA thresholdB (flops; default 2,000,000 and 300,000).
 */
public class FlopsAB {
  public static void main(String[] a) throws Throwable {
    int batch = Integer.parseInt(a[0]); int blocks = Integer.parseInt(a[1]);
    long ta = a.length > 2 ? Long.parseLong(a[2]) : 2_000_000L, tb = a.length > 3 ? Long.parseLong(a[3]) : 300_000L;
    Dataset train = org.nnj.probes.Probes.fashionTrain();
    Network net = org.nnj.probes.Probes.mlp();
    Trainer t = new Trainer(net, Nets.train(net).optimizer("adam","lr",0.001).options());
    F32Mat xs = (F32Mat) train.features(); F32Mat ys = (F32Mat) train.targets();
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    int nb = 64; Mat[] xb = new Mat[nb], yb = new Mat[nb];
    for (int s = 0; s < nb; s++) {
      F32Mat x = (F32Mat) Mat.zeros(Precision.FLOAT32, batch, 784), y = (F32Mat) Mat.zeros(Precision.FLOAT32, batch, 10);
      for (int i = 0; i < batch; i++) { int row = r.nextInt(60000);
        System.arraycopy(xs.data(), row*784, x.data(), i*784, 784); System.arraycopy(ys.data(), row*10, y.data(), i*10, 10); }
      xb[s] = x; yb[s] = y;
    }
    long[] ns = new long[2]; int q = 0;
    for (int blk = 0; blk < blocks; blk++) {
      int mode = blk & 1; Gemm.parallelFlops = mode == 1 ? tb : ta;
      long t0 = System.nanoTime();
      for (int s = 0; s < 10; s++, q++) t.step(xb[q % nb], yb[q % nb]);
      if (blk >= blocks / 5) ns[mode] += System.nanoTime() - t0;
    }
    double steps = (blocks - blocks / 5) / 2 * 10.0;
    System.out.printf("batch %d: split from %d flops %.1f us/step, from %d flops %.1f us/step: %+.1f%%%n", batch, ta, ns[0]/1e3/steps, tb, ns[1]/1e3/steps, 100.0*(ns[0]-ns[1])/ns[0]);
  }
}
