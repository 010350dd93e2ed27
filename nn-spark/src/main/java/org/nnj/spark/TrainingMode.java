package org.nnj.spark;

import java.util.Locale;
import org.apiguardian.api.API;

/** How the replicas of a distributed run agree on the parameters. */
@API(status = API.Status.EXPERIMENTAL)
public enum TrainingMode {
    /**
     * Synchronous, the fast path: one barrier stage of long-lived tasks, one per partition, that all-reduce each
     * step's gradient among themselves (a ring over TCP, rendezvous through the driver) and take the same step.
     */
    SYNC("sync"),
    /**
     * Synchronous, the reference: the driver keeps the parameters and runs one Spark job per step, a
     * {@code treeAggregate} of the partitions' gradients; slow (a job per step) but plain Spark.
     */
    SYNC_TREE("sync-tree"),
    /**
     * Parameter averaging: each replica takes k local steps on its part of each global batch, then parameters
     * and optimizer state are averaged, weighted by the rows each replica trained on (barrier stage, ring).
     */
    AVERAGING("averaging");

    private final String id;

    TrainingMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses {@code sync}, {@code sync-tree} or {@code averaging}. */
    public static TrainingMode parse(String text) {
        for (TrainingMode m : values()) {
            if (m.id.equals(text.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown training mode \"" + text
                + "\"; expected sync, sync-tree or averaging");
    }
}
