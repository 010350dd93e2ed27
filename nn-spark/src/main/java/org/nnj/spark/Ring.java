package org.nnj.spark;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * A ring all-reduce among the replicas of a barrier stage: rank r sends to rank r + 1 and receives from rank
 * r - 1 over TCP. Sum by reduce-scatter then all-gather (each rank sends 2 (W-1)/W of the vector per call); chunk
 * c is summed in the fixed order c, c+1, ..., so a run repeats its bits, and every rank ends with the same bits
 * (the owner of a chunk rounds it to the wire precision before sharing it).
 */
final class Ring implements Closeable {
    private final int rank;
    private final int world;
    private final boolean wire32;
    private SocketChannel out;
    private SocketChannel in;
    private Selector selector;
    private SelectionKey sendKey;
    private SelectionKey recvKey;
    private ByteBuffer sendBuf = ByteBuffer.allocate(0);
    private ByteBuffer recvBuf = ByteBuffer.allocate(0);
    private long bytesSent;
    private long nanos;
    private long waitNanos;

    private Ring(int rank, int world, boolean wire32) {
        this.rank = rank;
        this.world = world;
        this.wire32 = wire32;
    }

    /**
     * Connects rank {@code rank} to its neighbours: to {@code next}, and accepting the previous rank on
     * {@code server} (which must be bound already, its address given to the others).
     */
    static Ring connect(int rank, int world, boolean wire32, ServerSocketChannel server, InetSocketAddress next)
            throws IOException {
        Ring ring = new Ring(rank, world, wire32);
        if (world == 1) {
            return ring;
        }
        try {
            ring.out = SocketChannel.open();
            ring.out.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ring.out.connect(next);
            ByteBuffer hello = ByteBuffer.allocate(4).putInt(0, rank);
            while (hello.hasRemaining()) {
                ring.out.write(hello);
            }
            ring.in = server.accept();
            ring.in.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer who = ByteBuffer.allocate(4);
            readFully(ring.in, who);
            int prev = who.getInt(0);
            if (prev != Math.floorMod(rank - 1, world)) {
                throw new IOException("rank " + rank + ": expected rank " + Math.floorMod(rank - 1, world)
                        + " to connect, got rank " + prev);
            }
            // one thread sends and receives (no writer thread to wake on an executor of one core): both sockets
            // non-blocking, a selector waits when neither can move
            ring.selector = Selector.open();
            ring.out.configureBlocking(false);
            ring.in.configureBlocking(false);
            ring.sendKey = ring.out.register(ring.selector, 0);
            ring.recvKey = ring.in.register(ring.selector, 0);
            return ring;
        } catch (IOException e) {
            ring.close();
            throw e;
        }
    }

    /** Sums {@code buf[0..length)} over all ranks, in place; every rank ends with the same values. */
    void allReduce(double[] buf, int length) throws IOException {
        if (world == 1) {
            return;
        }
        long started = System.nanoTime();
        int maxChunk = (length + world - 1) / world;
        int width = wire32 ? 4 : 8;
        if (sendBuf.capacity() < maxChunk * width) {
            sendBuf = ByteBuffer.allocateDirect(maxChunk * width).order(ByteOrder.nativeOrder());
            recvBuf = ByteBuffer.allocateDirect(maxChunk * width).order(ByteOrder.nativeOrder());
        }
        for (int s = 0; s < world - 1; s++) {
            exchange(buf, length, Math.floorMod(rank - s, world), Math.floorMod(rank - s - 1, world), true);
        }
        int own = Math.floorMod(rank + 1, world);
        if (wire32) {
            for (int i = from(own, length), to = from(own + 1, length); i < to; i++) {
                buf[i] = (float) buf[i];
            }
        }
        for (int s = 0; s < world - 1; s++) {
            exchange(buf, length, Math.floorMod(rank + 1 - s, world), Math.floorMod(rank - s, world), false);
        }
        nanos += System.nanoTime() - started;
    }

    private int from(int chunk, int length) {
        return (int) ((long) chunk * length / world);
    }

    private void exchange(double[] buf, int length, int sendChunk, int recvChunk, boolean add) throws IOException {
        int sf = from(sendChunk, length);
        int st = from(sendChunk + 1, length);
        sendBuf.clear();
        if (wire32) {
            for (int i = sf; i < st; i++) {
                sendBuf.putFloat((float) buf[i]);
            }
        } else {
            for (int i = sf; i < st; i++) {
                sendBuf.putDouble(buf[i]);
            }
        }
        sendBuf.flip();
        bytesSent += sendBuf.remaining();
        int rf = from(recvChunk, length);
        int rt = from(recvChunk + 1, length);
        recvBuf.clear();
        recvBuf.limit((rt - rf) * (wire32 ? 4 : 8));
        transfer(add);
        recvBuf.flip();
        if (wire32) {
            for (int i = rf; i < rt; i++) {
                float v = recvBuf.getFloat();
                buf[i] = add ? v + buf[i] : v;
            }
        } else {
            for (int i = rf; i < rt; i++) {
                double v = recvBuf.getDouble();
                buf[i] = add ? v + buf[i] : v;
            }
        }
    }

    /**
     * Sends {@code sendBuf} to the next rank while receiving {@code recvBuf} from the previous one, on this thread.
     * In the first step of a reduction, the time until the first bytes arrive is counted as waiting for the peer.
     */
    private void transfer(boolean first) throws IOException {
        long started = System.nanoTime();
        boolean waiting = first && recvBuf.position() == 0;
        while (sendBuf.hasRemaining() || recvBuf.hasRemaining()) {
            int moved = 0;
            if (sendBuf.hasRemaining()) {
                try {
                    moved += out.write(sendBuf);
                } catch (IOException e) {
                    throw new IOException("rank " + rank + ": cannot send to rank " + Math.floorMod(rank + 1, world)
                            + ": " + e.getMessage(), e);
                }
            }
            if (recvBuf.hasRemaining()) {
                int r = in.read(recvBuf);
                if (r < 0) {
                    throw new EOFException("the previous rank closed the connection (its task or executor ended)");
                }
                if (r > 0 && waiting) {
                    waitNanos += System.nanoTime() - started;
                    waiting = false;
                }
                moved += r;
            }
            if (moved == 0) {
                sendKey.interestOps(sendBuf.hasRemaining() ? SelectionKey.OP_WRITE : 0);
                recvKey.interestOps(recvBuf.hasRemaining() ? SelectionKey.OP_READ : 0);
                selector.select(1000);
                selector.selectedKeys().clear();
            }
        }
    }

    private static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("the previous rank closed the connection (its task or executor ended)");
            }
        }
    }

    /** Bytes this rank sent so far. */
    long bytesSent() {
        return bytesSent;
    }

    /** Of {@link #nanos()}, the nanoseconds spent waiting for the previous rank's first bytes of a reduction. */
    long waitNanos() {
        return waitNanos;
    }

    /** Nanoseconds spent in {@link #allReduce} so far. */
    long nanos() {
        return nanos;
    }

    @Override
    public void close() {
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing: nothing more to lose
            }
        }
        for (SocketChannel c : new SocketChannel[] {out, in}) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing: nothing more to lose
                }
            }
        }
    }
}
