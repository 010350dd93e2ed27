import org.nnj.core.*; import org.nnj.api.*; import org.nnj.data.*; import org.nnj.api.spi.*;
/**
 * Adam's first moments after two epochs of Fashion-MNIST at batch 32: how many are denormal (the weights of
 * always-black pixels get zero gradients, so their moments decay by 0.9 a step into the denormal range after
 * ~800 steps), and the update's time with them as trained against the same state with them set to zero.
 */
public class DenormReal { public static void main(String[] a) throws Exception {
  Dataset train = org.nnj.probes.Probes.fashionTrain();
  Network net = org.nnj.probes.Probes.mlp();
  Trainer t = new Trainer(net, Nets.train(net).optimizer("adam","lr",0.001).epochs(2).batchSize(32).options());
  t.fit(train.features(), train.targets());
  // the last batch's gradients are in net.gradients(); time updates on a copy of the state, with and without denormal m
  Updater up = t.updater();
  F32Mat m = (F32Mat) up.state().get(1).value();
  float[] m0 = m.data().clone(); float[] p0 = ((F32Mat) net.parameters()).data().clone();
  float[] flushed = m0.clone(); int den = 0; for (int i = 0; i < flushed.length; i++) if (flushed[i] != 0 && Math.abs(flushed[i]) < Float.MIN_NORMAL) { flushed[i] = 0; den++; }
  System.out.println("denormal m: " + den + " of " + m0.length);
  for (int round = 0; round < 6; round++) {
    for (int variant = 0; variant < 2; variant++) {
      long tot = 0;
      for (int i = 0; i < 200; i++) {
        System.arraycopy(variant == 0 ? m0 : flushed, 0, m.data(), 0, m0.length);
        System.arraycopy(p0, 0, ((F32Mat) net.parameters()).data(), 0, p0.length);
        long s = System.nanoTime(); up.update(net.parameters(), net.gradients(), 0.001); tot += System.nanoTime() - s;
      }
      if (round > 1) System.out.printf("%s: %.1f us/update (2 threads)%n", variant == 0 ? "as trained (denormals)" : "denormal m set to 0", tot / 1e3 / 200);
    }
  }
}}
