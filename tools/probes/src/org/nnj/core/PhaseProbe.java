package org.nnj.core;
import org.nnj.api.*;
import org.nnj.api.spi.*;
import org.nnj.data.*;
import org.nnj.core.math.*;
/**
 * One training step split into its phases (gather, forward, loss, backward, finiteness check, Adam) with
 * System.nanoTime, on random batches of Fashion-MNIST. In package org.nnj.core to reach the network's
 * package-private forward/backward. Arguments: batch steps-per-round.
 */
public class PhaseProbe {
  public static void main(String[] a) throws Exception {
    int batch = Integer.parseInt(a[0]); int steps = Integer.parseInt(a[1]);
    ProbeTraining p = new ProbeTraining(batch);
    Network net = p.net; Updater up = p.up; Workspace ws = p.ws; F32Mat x = p.x; F32Mat y = p.y;
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    String[] names = {"gather","forward","loss","backward","finite","update"};
    for (int round = 0; round < 6; round++) {
      long[] t = new long[6];
      long start = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        long t0 = System.nanoTime();
        p.gather(r);
        long t1 = System.nanoTime();
        net.forward(ws, x, true);
        long t2 = System.nanoTime();
        double loss = net.loss().loss(ws.output(), y);
        long t3 = System.nanoTime();
        net.backward(ws, y);
        long t4 = System.nanoTime();
        F32Mat g = (F32Mat) net.gradients();
        if (!Finite.all(g.data(), g.offset(), g.size())) throw new IllegalStateException();
        long t5 = System.nanoTime();
        up.update(net.parameters(), net.gradients(), 0.001);
        long t6 = System.nanoTime();
        t[0]+=t1-t0; t[1]+=t2-t1; t[2]+=t3-t2; t[3]+=t4-t3; t[4]+=t5-t4; t[5]+=t6-t5;
      }
      long total = System.nanoTime() - start;
      StringBuilder sb = new StringBuilder(String.format("b%d step %.0f us (%.0f samples/s):", batch, total/1e3/steps, batch*steps/(total/1e9)));
      for (int i = 0; i < 6; i++) sb.append(String.format(" %s %.1f", names[i], t[i]/1e3/steps));
      if (round >= 2) System.out.println(sb);
    }
  }
}
