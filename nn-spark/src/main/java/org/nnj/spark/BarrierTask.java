package org.nnj.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;
import org.apache.spark.BarrierTaskContext;
import org.nnj.core.Threads;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The body of one long-lived task of a barrier stage: caches nothing new (its partition's rows are Spark's cached
 * block), registers with the driver's {@link Coordinator}, joins the ring, and trains every remaining epoch,
 * reporting each to the driver. Synchronous mode all-reduces each step's gradient; averaging mode takes local steps
 * and all-reduces parameters and optimizer state every k steps and at the end of each epoch.
 */
final class BarrierTask extends AbstractFunction1<Iterator<PartitionRows>, Iterator<long[]>> implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BarrierTask.class);
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory
            .getThreadMXBean();
    private final Job job;

    BarrierTask(Job job) {
        this.job = job;
    }

    @Override
    public Iterator<long[]> apply(Iterator<PartitionRows> blocks) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int rank = ctx.partitionId();
        if (System.getProperty("nnj.threads") == null) {
            // the kernels use the cores Spark gave this task (spark.task.cpus), not every core the executor's JVM
            // sees: an executor of one core computes on one thread
            Threads.setMax(ctx.cpus());
        }
        boolean vectors = org.nnj.api.simd.VectorApi.usable();
        LOG.info("rank {} of Spark run {}: kernels on {} thread(s) (spark.task.cpus {}), {}", rank, job.runId(),
                Threads.max(), ctx.cpus(), vectors ? org.nnj.api.simd.VectorApi.bits() + "-bit vectors"
                        : "scalar loops");
        if (!vectors) {
            LOG.warn("rank {} of Spark run {}: this executor's JVM has no Vector API, so nnj's kernels run their "
                    + "scalar loops (several times slower); add {} to spark.executor.extraJavaOptions", rank,
                    job.runId(), SparkTrainer.VECTOR_API_OPTION);
        }
        PartitionRows data = blocks.next();
        try {
            long checksum = train(rank, ctx.stageAttemptNumber(), data);
            return scala.jdk.javaapi.CollectionConverters.asScala(
                    java.util.List.of(new long[] {rank, checksum}).iterator());
        } catch (IOException e) {
            throw new UncheckedIOException("rank " + rank + " of Spark run " + job.runId() + ": " + e.getMessage(), e);
        }
    }

    private long train(int rank, int attempt, PartitionRows data) throws IOException {
        int world = job.world();
        try (Socket driver = new Socket(job.driverHost(), job.driverPort());
             ServerSocketChannel server = ServerSocketChannel.open()) {
            driver.setTcpNoDelay(true);
            // listen where the driver sees this executor: the ring stays on the network Spark itself uses
            server.bind(new InetSocketAddress(driver.getLocalAddress(), 0));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(driver.getOutputStream(), 1 << 16));
            DataInputStream in = new DataInputStream(new BufferedInputStream(driver.getInputStream(), 1 << 16));
            out.writeByte(Coordinator.HELLO);
            out.writeInt(attempt);
            out.writeInt(rank);
            out.writeInt(world);
            out.writeUTF(driver.getLocalAddress().getHostAddress());
            out.writeInt(server.socket().getLocalPort());
            out.flush();
            int w = in.readInt();
            InetSocketAddress[] peers = new InetSocketAddress[w];
            for (int i = 0; i < w; i++) {
                peers[i] = new InetSocketAddress(in.readUTF(), in.readInt());
            }
            Replica replica = new Replica(job);
            int completed = in.readInt();
            if (completed > 0) {
                long steps = in.readLong();
                double[] snapshot = new double[in.readInt()];
                for (int i = 0; i < snapshot.length; i++) {
                    snapshot[i] = in.readDouble();
                }
                replica.restore(snapshot, steps);
            }
            try (Ring ring = Ring.connect(rank, world, job.wire32(), server, peers[(rank + 1) % world])) {
                for (int epoch = completed; epoch < job.epochs(); epoch++) {
                    long started = System.nanoTime();
                    long comm0 = ring.nanos();
                    long wait0 = ring.waitNanos();
                    long bytes0 = ring.bytesSent();
                    Progress progress = new Progress(rank == 0 ? out : null, epoch + 1, job.plan().batchesPerEpoch());
                    double[] figures = job.mode() == TrainingMode.AVERAGING
                            ? averagingEpoch(replica, ring, data, epoch, progress)
                            : syncEpoch(replica, ring, data, epoch, progress);
                    out.writeByte(Coordinator.EPOCH);
                    out.writeInt(epoch + 1);
                    out.writeInt(rank);
                    out.writeDouble(figures[0]);
                    out.writeLong((long) figures[1]);
                    out.writeLong(replica.checksum());
                    out.writeLong(replica.trainer.stepCount());
                    out.writeLong(ring.nanos() - comm0);
                    out.writeLong(ring.bytesSent() - bytes0);
                    out.writeLong(System.nanoTime() - started);
                    out.writeLong(progress.computeNanos);
                    out.writeLong(progress.computeCpuNanos);
                    out.writeLong(ring.waitNanos() - wait0);
                    out.writeBoolean(rank == 0);
                    if (rank == 0) {
                        double[] snapshot = replica.snapshot();
                        out.writeInt(snapshot.length);
                        for (double v : snapshot) {
                            out.writeDouble(v);
                        }
                    }
                    out.flush();
                    if (in.readByte() != Coordinator.EPOCH) {
                        throw new IOException("the driver did not acknowledge epoch " + (epoch + 1));
                    }
                }
            }
            return replica.checksum();
        }
    }

    /** One epoch of synchronous steps; returns {this rank's loss sum, its rows}. */
    private double[] syncEpoch(Replica replica, Ring ring, PartitionRows data, int epoch, Progress progress)
            throws IOException {
        BatchPlan plan = job.plan();
        int steps = plan.batchesPerEpoch();
        int p = replica.parameters;
        double[] sum = new double[p + 2];
        int[] order = plan.order(epoch);
        double lossSum = 0;
        long rows = 0;
        for (int b = 0; b < steps; b++) {
            long t0 = System.nanoTime();
            long c0 = CPU.getCurrentThreadCpuTime();
            Arrays.fill(sum, 0);
            int m = replica.contribute(plan, order, b, data, sum);
            double ownLoss = sum[p];
            long t1 = System.nanoTime();
            long c1 = CPU.getCurrentThreadCpuTime();
            ring.allReduce(sum, p + 2);
            long t2 = System.nanoTime();
            long c2 = CPU.getCurrentThreadCpuTime();
            long batchRows = Math.round(sum[p + 1]);
            if (batchRows != plan.batchRows(b)) {
                throw new IllegalStateException("batch " + b + " of epoch " + (epoch + 1) + ": the parts hold "
                        + batchRows + " rows, the batch " + plan.batchRows(b) + " (a partition lost or repeated rows)");
            }
            double cost = replica.applySum(sum, batchRows, epoch, steps);
            lossSum += ownLoss + cost * m;
            rows += m;
            progress.computeNanos += t1 - t0 + System.nanoTime() - t2;
            progress.computeCpuNanos += c1 - c0 + CPU.getCurrentThreadCpuTime() - c2;
            progress.batch(b, sum[p] / batchRows + cost);
        }
        return new double[] {lossSum, rows};
    }

    /** One epoch of local steps, averaged every k steps and at its end; returns {loss sum, rows} of this rank. */
    private double[] averagingEpoch(Replica replica, Ring ring, PartitionRows data, int epoch, Progress progress)
            throws IOException {
        BatchPlan plan = job.plan();
        int steps = plan.batchesPerEpoch();
        int p = replica.parameters;
        double[] part = new double[p + 2];
        int length = replica.snapshotLength();
        double[] avg = new double[length + 1];
        int[] order = plan.order(epoch);
        double lossSum = 0;
        long rows = 0;
        long window = 0;
        for (int b = 0; b < steps; b++) {
            long t0 = System.nanoTime();
            long c0 = CPU.getCurrentThreadCpuTime();
            Arrays.fill(part, 0);
            int m = replica.contribute(plan, order, b, data, part);
            // a replica without rows in this batch takes a zero step, so step counts (and schedules) stay equal
            double cost = replica.applySum(part, Math.max(m, 1), epoch, steps);
            lossSum += part[p] + cost * m;
            rows += m;
            window += m;
            progress.computeNanos += System.nanoTime() - t0;
            progress.computeCpuNanos += CPU.getCurrentThreadCpuTime() - c0;
            // this replica's part of the batch: the others' losses arrive with the epoch's reports
            progress.batch(b, m > 0 ? part[p] / m + cost : Double.NaN);
            if ((b + 1) % job.localSteps() == 0 || b == steps - 1) {
                double[] mine = replica.snapshot();
                for (int i = 0; i < length; i++) {
                    avg[i] = mine[i] * window;
                }
                avg[length] = window;
                ring.allReduce(avg, length + 1);
                double total = avg[length];
                for (int i = 0; i < length; i++) {
                    avg[i] /= total;
                }
                replica.restore(avg, replica.trainer.stepCount());
                window = 0;
            }
        }
        return new double[] {lossSum, rows};
    }

    /**
     * Rank 0's progress messages to the driver (at most ten a second, and the first and last batch of each epoch),
     * and every rank's compute time in the epoch.
     */
    private static final class Progress {
        private static final long EVERY_NANOS = 100_000_000L;
        private final DataOutputStream out;
        private final int epoch;
        private final int batches;
        private long last;
        long computeNanos;
        /** The task thread's CPU time in those parts (below the wall time when the thread waited for a core). */
        long computeCpuNanos;

        Progress(DataOutputStream out, int epoch, int batches) {
            this.out = out;
            this.epoch = epoch;
            this.batches = batches;
        }

        void batch(int b, double loss) throws IOException {
            if (out == null || Double.isNaN(loss)) {
                return;
            }
            long now = System.nanoTime();
            if (b != 0 && b != batches - 1 && now - last < EVERY_NANOS) {
                return;
            }
            last = now;
            out.writeByte(Coordinator.PROGRESS);
            out.writeInt(epoch);
            out.writeLong(b + 1);
            out.writeLong(batches);
            out.writeDouble(loss);
            out.flush();
        }
    }
}
