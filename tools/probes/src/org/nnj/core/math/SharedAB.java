package org.nnj.core.math;
/**
 * Gemm.sharedPack off and on, alternating every 10 calls in one process, on the column-split products of the
 * Fashion-MNIST network at batch 128 (no argument) or batch 32/64 (any argument): median time per call.
 */
public class SharedAB {
  public static void main(String[] args) {
    int[][] shapes = args.length > 0 ? new int[][] {{1,0,256,784,32},{0,0,32,256,128},{1,0,128,256,32},{1,0,256,784,64},{0,0,64,256,128}} : new int[][] {{0,1,128,256,784},{1,0,256,784,128},{0,0,128,256,128},{1,0,128,256,128},{0,1,128,128,256}};
    String[] names = args.length > 0 ? new String[] {"WGRAD1/32","XGRAD2/32","WGRAD2/32","WGRAD1/64","XGRAD2/64"} : new String[] {"FWD1","WGRAD1","XGRAD2","WGRAD2","FWD2"};
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int si = 0; si < shapes.length; si++) {
      int[] s = shapes[si]; boolean tA = s[0]==1, tB = s[1]==1; int m = s[2], n = s[3], k = s[4];
      float[] a = new float[m*k], b = new float[k*n], c = new float[m*n];
      for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(); for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble();
      int lda = tA ? m : k, ldb = tB ? k : n;
      long[][] t = new long[2][4000]; int[] cnt = new int[2];
      for (int blk = 0; blk < 400; blk++) {
        int mode = blk & 1; Gemm.sharedPack = mode == 1;
        for (int i = 0; i < 10; i++) {
          long t0 = System.nanoTime();
          Gemm.sgemm(tA, tB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
          long d = System.nanoTime() - t0;
          if (blk >= 100) t[mode][cnt[mode]++] = d;
        }
      }
      double[] med = new double[2];
      for (int mode = 0; mode < 2; mode++) { long[] x = java.util.Arrays.copyOf(t[mode], cnt[mode]); java.util.Arrays.sort(x); med[mode] = x[x.length/2] / 1e3; }
      System.out.printf("%-7s per-part pack %.1f us, shared pack %.1f us (median of %d interleaved calls each): %+.1f%%%n", names[si], med[0], med[1], cnt[0], 100*(med[0]-med[1])/med[0]);
    }
  }
}
