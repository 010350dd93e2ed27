package org.nnj.core.math;

/**
 * What a two-part fork/join of the multiply's workers costs by itself: back-to-back jobs whose parts do nothing
 * (the worker is awake, as between the products of a training step), then parts that each spin for a given time.
 * Prints medians; the floor under any product split over both cores.
 */
public class ForkProbe {
    public static void main(String[] args) {
        Workspace ws = Workspace.local();
        for (long workNanos : new long[] {0, 1_000, 1_600}) {
            Workers.Job job = (part, w) -> {
                long end = System.nanoTime() + workNanos;
                while (workNanos > 0 && System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            };
            long[] t = new long[20_001];
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < t.length; i++) {
                    long s = System.nanoTime();
                    Workers.run(job, 2, ws);
                    t[i] = System.nanoTime() - s;
                }
            }
            java.util.Arrays.sort(t);
            System.out.printf("two parts of %.1f us each: median %.2f us per job, 90th percentile %.2f%n",
                    workNanos / 1e3, t[t.length / 2] / 1e3, t[t.length * 9 / 10] / 1e3);
        }
    }
}
