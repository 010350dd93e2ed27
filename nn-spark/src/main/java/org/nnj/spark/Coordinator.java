package org.nnj.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side of a barrier run: the rendezvous of the tasks of each stage attempt (each task registers the
 * address its ring listens on; when all have, each learns all), the per-epoch reports of every rank (loss, rows,
 * the checksum of its parameters, communication figures) and the checkpoint rank 0 sends after each epoch. A
 * retried stage attempt resumes from that checkpoint: the tasks of the new attempt receive it with the addresses.
 *
 * <p>Protocol (DataOutputStream, one connection per task for the whole attempt): task: {@code HELLO attempt rank
 * world host port}; driver, when the attempt is complete: {@code world x (host port)}, {@code completedEpochs}
 * and, if above 0, {@code steps}, the snapshot length and values. Then the task sends per epoch {@code EPOCH ...}
 * (see {@link EpochReport}); rank 0 appends its snapshot; the driver acknowledges each report once it has
 * recorded it (one byte), and the task waits for that before it goes on. Rank 0 also sends, at most ten times a
 * second, {@code PROGRESS epoch batch batches loss} (no reply): the driver's progress bar.
 */
final class Coordinator implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    static final byte HELLO = 1;
    static final byte EPOCH = 2;
    static final byte PROGRESS = 3;

    private final ServerSocket server;
    private final int world;
    private final Thread acceptor;
    private final List<Socket> sockets = new ArrayList<>();
    private final Consumer<EpochReport[]> onEpoch;
    private volatile Consumer<BatchProgress> onBatch = b -> { };
    /** Registrations of the attempt being gathered: rank -> (socket, host, port). */
    private final Map<Integer, Registration> pending = new TreeMap<>();
    private int pendingAttempt = -1;
    private int attempts;
    /** The last checkpoint: completed epochs, steps, snapshot. */
    private int checkpointEpochs;
    private long checkpointSteps;
    private double[] checkpoint;
    private final Map<Integer, EpochReport[]> reports = new TreeMap<>();
    private final List<Integer> resumedAfter = new ArrayList<>();

    private record Registration(Socket socket, DataOutputStream out, String host, int port) {
    }

    /**
     * One rank's figures for one epoch: its loss sum and rows, its parameters' checksum and step count, and where its
     * time went: {@code computeNanos} computing gradients and taking steps, {@code commNanos} in the all-reduce, of
     * which {@code waitNanos} waiting for the slower peer's first bytes, and {@code commBytes} sent;
 * {@code computeCpuNanos} is the task thread's CPU time while computing (less than {@code computeNanos} when the
 * thread waited for a core).
     */
    record EpochReport(int epoch, int rank, int attempt, double lossSum, long rows, long checksum, long steps,
                       long commNanos, long commBytes, long epochNanos, long computeNanos, long computeCpuNanos,
                       long waitNanos) {
    }

    /** Rank 0's progress within an epoch: {@code batch} (1-based) of {@code batches} done, that batch's loss. */
    record BatchProgress(int epoch, long batch, long batches, double loss) {
    }

    /** Calls {@code listener} (on a coordinator thread) with rank 0's progress messages. */
    void onBatch(Consumer<BatchProgress> listener) {
        this.onBatch = listener;
    }

    Coordinator(String host, int world, Consumer<EpochReport[]> onEpoch) throws IOException {
        this.world = world;
        this.onEpoch = onEpoch;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        this.acceptor = new Thread(this::acceptLoop, "nnj-spark-coordinator");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Stage attempts that completed their rendezvous. */
    synchronized int attempts() {
        return attempts;
    }

    /** The snapshot (parameters, then optimizer state) rank 0 sent after the last epoch, or null. */
    synchronized double[] lastSnapshot() {
        return checkpoint;
    }

    /** For each attempt after the first, the epoch of the checkpoint it resumed from. */
    synchronized List<Integer> resumedAfter() {
        return List.copyOf(resumedAfter);
    }

    synchronized int checkpointEpochs() {
        return checkpointEpochs;
    }

    /** Every epoch's reports, by epoch (the last attempt's, where an epoch ran twice). */
    synchronized Map<Integer, EpochReport[]> reports() {
        return new TreeMap<>(reports);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                synchronized (this) {
                    sockets.add(s);
                }
                Thread t = new Thread(() -> serve(s), "nnj-spark-coordinator-task");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("coordinator: accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket s) {
        try {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
            int attempt = -1;
            while (true) {
                byte kind = in.readByte();
                if (kind == HELLO) {
                    attempt = in.readInt();
                    int rank = in.readInt();
                    int w = in.readInt();
                    String host = in.readUTF();
                    int port = in.readInt();
                    if (w != world) {
                        throw new IOException("a task of a stage of " + w + " tasks, expected " + world);
                    }
                    register(attempt, rank, new Registration(s, out, host, port));
                } else if (kind == EPOCH) {
                    EpochReport r = new EpochReport(in.readInt(), in.readInt(), attempt, in.readDouble(), in.readLong(),
                            in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                            in.readLong(), in.readLong());
                    double[] snapshot = null;
                    if (in.readBoolean()) {
                        snapshot = new double[in.readInt()];
                        for (int i = 0; i < snapshot.length; i++) {
                            snapshot[i] = in.readDouble();
                        }
                    }
                    report(r, snapshot);
                    // the task waits for this before it goes on: the driver holds the epoch's checkpoint before the
                    // next epoch starts, and before the stage can end
                    synchronized (out) {
                        out.writeByte(EPOCH);
                        out.flush();
                    }
                } else if (kind == PROGRESS) {
                    onBatch.accept(new BatchProgress(in.readInt(), in.readLong(), in.readLong(), in.readDouble()));
                } else {
                    throw new IOException("unknown message " + kind);
                }
            }
        } catch (java.io.EOFException | SocketException e) {
            // the task ended (normally or not): Spark reports failures and retries the stage
        } catch (IOException e) {
            LOG.warn("coordinator: a task's connection failed: {}", e.toString());
        } finally {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private synchronized void register(int attempt, int rank, Registration r) throws IOException {
        if (attempt < pendingAttempt) {
            // a task of an attempt Spark already replaced: it must not disturb the new attempt's rendezvous
            throw new IOException("a task of stage attempt " + attempt + " registered after attempt " + pendingAttempt
                    + " began");
        }
        if (attempt != pendingAttempt) {
            pending.clear();
            pendingAttempt = attempt;
        }
        pending.put(rank, r);
        if (pending.size() < world) {
            return;
        }
        attempts++;
        if (attempts > 1) {
            resumedAfter.add(checkpointEpochs);
            LOG.info("stage attempt {}: {} tasks registered; resuming after epoch {} (the driver's checkpoint)",
                    attempt, world, checkpointEpochs);
        }
        for (Registration each : pending.values()) {
            DataOutputStream out = each.out();
            synchronized (out) {
                reply(out);
            }
        }
        pending.clear();
    }

    private void reply(DataOutputStream out) throws IOException {
        out.writeInt(world);
        for (Registration peer : pending.values()) {
            out.writeUTF(peer.host());
            out.writeInt(peer.port());
        }
        out.writeInt(checkpointEpochs);
        if (checkpointEpochs > 0) {
            out.writeLong(checkpointSteps);
            out.writeInt(checkpoint.length);
            for (double v : checkpoint) {
                out.writeDouble(v);
            }
        }
        out.flush();
    }

    private void report(EpochReport r, double[] snapshot) {
        EpochReport[] complete = null;
        synchronized (this) {
            if (snapshot != null && r.epoch() > checkpointEpochs) {
                checkpointEpochs = r.epoch();
                checkpointSteps = r.steps();
                checkpoint = snapshot;
            }
            EpochReport[] row = reports.computeIfAbsent(r.epoch(), e -> new EpochReport[world]);
            row[r.rank()] = r;
            boolean all = true;
            for (EpochReport e : row) {
                all &= e != null && e.attempt() == r.attempt();
            }
            if (all) {
                complete = row.clone();
            }
        }
        if (complete != null) {
            onEpoch.accept(complete);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        synchronized (this) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }
}
