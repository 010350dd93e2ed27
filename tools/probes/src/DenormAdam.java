import org.nnj.core.*; import org.nnj.api.*; import org.nnj.api.spi.*;
/**
 * Adam's update on one thread with normal moments, then with 10% and 100% of the gradients set to zero, whose
 * first moments decay into denormals after ~800 steps: the update's time once they are denormal.
 */
public class DenormAdam { public static void main(String[] a) throws Exception {
  int n = 235_146;
  for (int variant = 0; variant < 3; variant++) {
    Network net = org.nnj.probes.Probes.mlp();
    Updater up = org.nnj.probes.Probes.adam(net, Parallelism.SERIAL);
    F32Mat g = (F32Mat) net.gradients();
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int i = 0; i < n; i++) g.data()[g.offset() + i] = (float) (r.nextDouble() - 0.5) * 1e-3f;
    for (int i = 0; i < 50; i++) up.update(net.parameters(), net.gradients(), 0.001);
    // variant 1: 10% of gradients zero from now on -> their m decays into denormals after ~800 steps
    // variant 2: all gradients zero
    if (variant >= 1) for (int i = 0; i < n; i++) if (variant == 2 || i % 10 == 0) g.data()[g.offset() + i] = 0f;
    for (int round = 0; round < 6; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 300; i++) up.update(net.parameters(), net.gradients(), 0.001);
      long t = System.nanoTime() - t0;
      Mat m = up.state().get(1).value(); int den = 0;
      for (int i = 0; i < m.size(); i++) { double v = m.getFlat(i); if (v != 0 && Math.abs(v) < Float.MIN_NORMAL) den++; }
      System.out.printf("variant %d round %d: %.1f us/update (1 thread), denormal m: %d%n", variant, round, t / 1e3 / 300, den);
    }
  }
}}
