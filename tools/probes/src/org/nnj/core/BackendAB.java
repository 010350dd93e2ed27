package org.nnj.core;

import org.nnj.api.F32Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.data.Dataset;

/**
 * Whole training steps of the workload on two backends, alternating every 10 steps in one process (the same
 * batches, the same JIT state), so that a busy neighbour slows both alike. Arguments: batch blocks backendA
 * backendB (names as for --backend, e.g. cpu openblas; "cpu" is the built-in kernels).
 */
public final class BackendAB {
    /** {@code name} or {@code name:key=value,...}, as for {@code --backend}. */
    public static org.nnj.api.spi.PluginRef ref(String spec) {
        return org.nnj.api.spi.PluginRef.parse("backend", spec);
    }

    public static void main(String[] a) throws Exception {
        int batch = Integer.parseInt(a[0]);
        int blocks = Integer.parseInt(a[1]);
        String[] names = {a[2], a[3]};
        Dataset train = org.nnj.probes.Probes.fashionTrain();
        Trainer[] t = new Trainer[2];
        for (int i = 0; i < 2; i++) {
            Network net = Nets.network(784).precision(Precision.FLOAT32).seed(42).dense(256, "relu")
                    .dense(128, "relu").dense(10, "softmax").loss("categorical_crossentropy")
                    .backend(ref(names[i])).build();
            t[i] = new Trainer(net, Nets.train(net).optimizer("adam", "lr", 0.001).options());
        }
        F32Mat xs = (F32Mat) train.features();
        F32Mat ys = (F32Mat) train.targets();
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        int nb = 64;
        Mat[] xb = new Mat[nb];
        Mat[] yb = new Mat[nb];
        for (int s = 0; s < nb; s++) {
            F32Mat x = (F32Mat) Mat.zeros(Precision.FLOAT32, batch, 784);
            F32Mat y = (F32Mat) Mat.zeros(Precision.FLOAT32, batch, 10);
            for (int i = 0; i < batch; i++) {
                int row = r.nextInt(60000);
                System.arraycopy(xs.data(), row * 784, x.data(), i * 784, 784);
                System.arraycopy(ys.data(), row * 10, y.data(), i * 10, 10);
            }
            xb[s] = x;
            yb[s] = y;
        }
        long[] ns = new long[2];
        int[] q = new int[2];
        for (int blk = 0; blk < blocks; blk++) {
            int mode = blk & 1;
            long t0 = System.nanoTime();
            for (int s = 0; s < 10; s++, q[mode]++) {
                t[mode].step(xb[q[mode] % nb], yb[q[mode] % nb]);
            }
            if (blk >= blocks / 5) {
                ns[mode] += System.nanoTime() - t0;
            }
        }
        double steps = (blocks - blocks / 5) / 2 * 10.0;
        System.out.printf("batch %d: %s %.1f us/step, %s %.1f us/step: %+.1f%%%n", batch, names[0],
                ns[0] / 1e3 / steps, names[1], ns[1] / 1e3 / steps, 100.0 * (ns[0] - ns[1]) / ns[0]);
    }
}
