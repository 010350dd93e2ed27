import org.nnj.core.*;
import org.nnj.api.*;
import org.nnj.data.*;
import java.util.*;
/**
 * Samples/s of {@code Trainer.fit} on the Fashion-MNIST workload in eighths of each epoch (a listener stamps each
 * batch): shows warm-up and deoptimization inside an epoch, which the per-epoch figure averages away.
 * Arguments: batch epochs.
 */
public class StepTimes {
  public static void main(String[] a) throws Exception {
    int batch = Integer.parseInt(a[0]); int epochs = Integer.parseInt(a[1]);
    Dataset train = org.nnj.probes.Probes.fashionTrain();
    Network net = org.nnj.probes.Probes.mlp();
    long[] t = new long[200000]; int[] n = {0};
    TrainingListener l = new TrainingListener() {
      public void onBatchEnd(int e, long b, long bpe, double loss) { t[n[0]++] = System.nanoTime(); }
    };
    Nets.train(net).optimizer("adam","lr",0.001).epochs(epochs).batchSize(batch).listener(l).fit(train.features(), train.targets());
    int per = (60000 + batch - 1) / batch; int bucket = per / 8;
    StringBuilder sb = new StringBuilder();
    for (int e = 0; e < epochs; e++) {
      for (int k = 0; k < 8; k++) {
        int i0 = e * per + k * bucket, i1 = i0 + bucket;
        double us = (t[i1] - t[i0]) / 1e3 / bucket;
        sb.append(String.format("%.0f ", batch / us * 1e6 / 1000));
      }
      sb.append("| ");
    }
    System.out.println("k samples/s per 1/8 epoch: " + sb);
  }
}
