package org.nnj.core;
import org.nnj.api.*;
import org.nnj.api.spi.*;
import org.nnj.data.*;
import org.nnj.core.math.*;
/**
 * A/B of the batch gather and the finiteness check, serial against split over the multiply threads, alternating
 * every 10 steps in one process (so both sides see the same machine). Arguments: batch steps.
 */
public class PhaseAB {
  static F32Mat x, y, xs, ys; static int[] rows; static float[] gd; static int goff; static volatile boolean bad;
  public static void main(String[] a) throws Exception {
    int batch = Integer.parseInt(a[0]); int steps = Integer.parseInt(a[1]);
    Dataset train = org.nnj.probes.Probes.fashionTrain();
    Network net = org.nnj.probes.Probes.mlp();
    Updater up = org.nnj.probes.Probes.adam(net, WorkerParallelism.INSTANCE);
    Workspace ws = net.newTrainingWorkspace(batch);
    x = (F32Mat) Mat.zeros(Precision.FLOAT32, batch, 784);
    y = (F32Mat) Mat.zeros(Precision.FLOAT32, batch, 10);
    xs = (F32Mat) train.features(); ys = (F32Mat) train.targets();
    rows = new int[batch];
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    Parallelism.Range gatherBody = (from, to) -> { for (int i = from; i < to; i++) { int row = rows[i];
          System.arraycopy(xs.data(), xs.offset() + row*784, x.data(), i*784, 784);
          System.arraycopy(ys.data(), ys.offset() + row*10, y.data(), i*10, 10); } };
    Parallelism.Range finBody = (from, to) -> { if (!Finite.all(gd, goff + from, to - from)) bad = true; };
    long[] tot = new long[2]; long[] gat = new long[2]; long[] fin = new long[2];
    for (int blk = 0; blk < steps / 10; blk++) {
      int mode = blk & 1;
      for (int s = 0; s < 10; s++) {
        for (int i = 0; i < batch; i++) rows[i] = r.nextInt(60000);
        long t0 = System.nanoTime();
        if (mode == 0) gatherBody.run(0, batch); else WorkerParallelism.INSTANCE.forRanges(batch, (batch + 3) / 4, gatherBody);
        long t1 = System.nanoTime();
        net.forward(ws, x, true);
        double loss = net.loss().loss(ws.output(), y);
        net.backward(ws, y);
        F32Mat g = (F32Mat) net.gradients(); gd = g.data(); goff = g.offset(); int n = g.size();
        long t2 = System.nanoTime();
        if (mode == 0) { if (!Finite.all(gd, goff, n)) throw new IllegalStateException(); }
        else { bad = false; WorkerParallelism.INSTANCE.forRanges(n, ((n + 3) / 4 + 63) & ~63, finBody); if (bad) throw new IllegalStateException(); }
        long t3 = System.nanoTime();
        up.update(net.parameters(), net.gradients(), 0.001);
        long t4 = System.nanoTime();
        if (blk > 20) { tot[mode] += t4 - t0; gat[mode] += t1 - t0; fin[mode] += t3 - t2; }
      }
    }
    int per = (steps / 10 - 21) / 2 * 10;
    for (int m = 0; m < 2; m++) System.out.printf("b%d %s: step %.1f us, gather %.1f, finite %.1f%n", batch, m == 0 ? "serial  " : "parallel", tot[m]/1e3/per, gat[m]/1e3/per, fin[m]/1e3/per);
  }
}
