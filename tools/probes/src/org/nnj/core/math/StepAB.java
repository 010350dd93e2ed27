package org.nnj.core.math;
import org.nnj.api.*;
import org.nnj.core.*;
import org.nnj.data.*;
/**
 * Whole training steps with one switch of the multiply off/on alternating every 10 steps, one process.
 * Arguments: batch blocks [switch]; switch is "sharedPack" (default: Gemm.sharedPack false/true),
 * "flops:A:B" (Gemm.parallelFlops A/B, the split threshold) or "vectorCopy" (Pack.vectorCopy false/true).
 */
public class StepAB {
  public static void main(String[] a) throws Throwable {
    int batch = Integer.parseInt(a[0]); int blocks = Integer.parseInt(a[1]);
    String sw = a.length > 2 ? a[2] : "sharedPack";
    String[] f = sw.startsWith("flops:") ? sw.split(":") : null;
    long fa = f != null ? Long.parseLong(f[1]) : 0, fb = f != null ? Long.parseLong(f[2]) : 0;
    boolean copy = sw.equals("vectorCopy");
    String[] names = f != null ? new String[] {"split from " + fa + " flops", "split from " + fb + " flops"}
        : copy ? new String[] {"arraycopy B panels", "vector-copied B panels"}
        : new String[] {"per-part pack", "shared pack"};
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
      int mode = blk & 1;
      if (f != null) Gemm.parallelFlops = mode == 1 ? fb : fa;
      else if (copy) Pack.vectorCopy = mode == 1;
      else Gemm.sharedPack = mode == 1;
      long t0 = System.nanoTime();
      for (int s = 0; s < 10; s++, q++) t.step(xb[q % nb], yb[q % nb]);
      if (blk >= blocks / 5) ns[mode] += System.nanoTime() - t0;
    }
    double steps = (blocks - blocks / 5) / 2 * 10.0;
    System.out.printf("batch %d: %s %.1f us/step, %s %.1f us/step: %+.1f%%%n", batch, names[0], ns[0]/1e3/steps, names[1], ns[1]/1e3/steps, 100.0*(ns[0]-ns[1])/ns[0]);
  }
}
