package org.nnj.core.internal.simd;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.DoubleAdder;
import org.apiguardian.api.API;

/**
 * What the machine offers right now: the float32 FMA throughput of {@code threads} threads running at once
 * (independent 8-lane FMAs in registers, no memory traffic), in GFLOPS. On a machine shared with other
 * processes or virtual machines this moves from minute to minute; printed next to a benchmark's result, it
 * tells how much of the drop in a figure is the machine rather than the code. The Vector API is needed (the
 * scalar loop would measure the JIT, not the cores); without it the answer is NaN.
 */
@API(status = API.Status.INTERNAL)
public final class MachinePeak {
    private MachinePeak() {
    }

    /** Total GFLOPS of {@code threads} threads each running the FMA loop for about {@code millis} ms. */
    public static double gflops(int threads, long millis) {
        if (!Simd.available() || threads < 1 || millis < 1) {
            return Double.NaN;
        }
        DoubleAdder total = new DoubleAdder();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                total.add(VectorPeakLoop.run(millis * 1_000_000L));
            }, "nnj-peak-" + i);
            ts[i].setDaemon(true);
            ts[i].start();
        }
        start.countDown();
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
        }
        return total.sum();
    }
}
