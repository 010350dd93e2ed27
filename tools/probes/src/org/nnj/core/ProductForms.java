package org.nnj.core;

import org.nnj.api.*;
import org.nnj.api.spi.*;
import org.nnj.data.*;
import org.nnj.core.math.*;

/**
 * Which compiled form the multiply's kernels took in a training process: trains the Fashion-MNIST MLP for a
 * number of steps (as PhaseProbe does), then times each product of the network alone, in the same process (so
 * with the same compiled kernels), two threads, median of 15 rounds. Run it in several processes and compare:
 * a product whose time is bimodal across processes has a kernel that C2 compiles in two forms (round J).
 * Arguments: batch steps.
 */
public class ProductForms {
  public static void main(String[] a) throws Exception {
    int batch = Integer.parseInt(a[0]); int steps = Integer.parseInt(a[1]);
    ProbeTraining p = new ProbeTraining(batch);
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    long t0 = System.nanoTime();
    for (int s = 0; s < steps; s++) {
      p.gather(r);
      p.net.forward(p.ws, p.x, true);
      p.net.backward(p.ws, p.y);
      p.up.update(p.net.parameters(), p.net.gradients(), 0.001);
    }
    double trainUs = (System.nanoTime() - t0) / 1e3 / steps;
    int b = batch;
    // name, tA, tB, m, n, k, bias: the network's products (weights stored units x inputs)
    Object[][] ps = {
      {"FWD1", false, true, b, 256, 784, true}, {"FWD2", false, true, b, 128, 256, true}, {"FWD3", false, true, b, 10, 128, true},
      {"WGRAD1", true, false, 256, 784, b, false}, {"WGRAD2", true, false, 128, 256, b, false}, {"WGRAD3", true, false, 10, 128, b, false},
      {"XGRAD2", false, false, b, 256, 128, false}, {"XGRAD3", false, false, b, 128, 10, false}};
    float[] A = new float[1 << 20], B = new float[1 << 20], C = new float[1 << 20], bias = new float[1024];
    for (int i = 0; i < A.length; i++) { A[i] = (float) r.nextDouble(); B[i] = (float) r.nextDouble(); }
    double[][] t = new double[ps.length][15];
    for (int round = 0; round < 15; round++) {
      for (int q = 0; q < ps.length; q++) {
        boolean tA = (Boolean) ps[q][1], tB = (Boolean) ps[q][2];
        int m = (Integer) ps[q][3], n = (Integer) ps[q][4], k = (Integer) ps[q][5];
        boolean hasBias = (Boolean) ps[q][6];
        int lda = tA ? m : k, ldb = tB ? k : n;
        int reps = Math.max(20, (int) (2e8 / (2.0 * m * n * k)));
        long s0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          if (hasBias) Gemm.sgemm(tA, tB, m, n, k, 1f, A, 0, lda, B, 0, ldb, 0f, C, 0, n, bias, 0);
          else Gemm.sgemm(tA, tB, m, n, k, 1f, A, 0, lda, B, 0, ldb, 0f, C, 0, n);
        }
        t[q][round] = (System.nanoTime() - s0) / 1e3 / reps;
      }
    }
    StringBuilder sb = new StringBuilder(String.format("b%d training %.0f us/step | us/call:", batch, trainUs));
    for (int q = 0; q < ps.length; q++) {
      java.util.Arrays.sort(t[q]);
      sb.append(String.format(" %s %.1f", ps[q][0], t[q][7]));
    }
    sb.append(String.format(" | FMA peak now %.0f GFLOPS", MachinePeak.gflops(2, 300)));
    System.out.println(sb);
  }
}
