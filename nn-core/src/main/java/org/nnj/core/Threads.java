package org.nnj.core;

import org.apiguardian.api.API;
import org.nnj.core.internal.threads.Workers;

/**
 * How many threads (the calling thread included) nnj's matrix products, convolutions and optimizer updates may
 * use, process-wide. The default is {@code -Dnnj.threads}, else every available processor. Results never depend
 * on it: work is split without cutting a sum, and a part's result does not depend on the thread that computes it.
 * A Spark task sets it to its {@code spark.task.cpus}; {@code nn bench --threads} sets it too.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class Threads {
    private Threads() {
    }

    /** The number of threads a product may use now. */
    public static int max() {
        return Workers.maxThreads();
    }

    /**
     * Sets the number of threads a product may use from now on; {@code 1} keeps all work on the calling thread.
     *
     * @throws org.nnj.api.ConfigException if {@code threads} is below 1
     */
    public static void setMax(int threads) {
        Workers.setMaxThreads(threads);
    }
}
