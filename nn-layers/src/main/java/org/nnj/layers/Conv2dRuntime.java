package org.nnj.layers;

import java.util.List;
import java.util.random.RandomGenerator;
import org.nnj.api.Mat;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.LayerState;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.ParamShape;
import org.nnj.api.spi.Parallelism;

/**
 * The computing part of {@link Conv2d}: im2col, one matrix product per chunk of samples on the framework's
 * kernels ({@code weight (F x K) * patches (K x pixels)}; backward {@code dW = dY * patches^T} and
 * {@code dPatches = W^T * dY}), and the reordering into channel-major rows. A batch is cut into chunks of samples whose patch matrix
 * holds at most {@link #CHUNK_VALUES} values (a 128-sample training batch of the Fashion-MNIST network is one
 * chunk; inference over 1024 rows is several), so memory stays bounded; when a batch is one chunk, backward
 * reuses the patches forward gathered. Per-batch buffers live in the {@link LayerState}: nothing is allocated
 * per step.
 */
final class Conv2dRuntime implements LayerRuntime {
    /** The most values a patch matrix (or the matching product) holds: 8M, 32 MB in float32. */
    static final int CHUNK_VALUES = 1 << 23;

    /** {@link #CHUNK_VALUES}; tests set fewer to run the path of batches of several chunks. */
    int chunkValues = CHUNK_VALUES;
    private final Window w;
    private final int filters;
    /** Values per patch, {@code channels * k * k}: the weight's columns. */
    private final int patch;
    private final int plane;
    private final boolean useBias;
    private final double l1;
    private final double l2;
    private final Initializer initializer;
    private final MatOps ops;
    private final ImageKernels kernels;
    private final Parallelism parallelism;
    private Mat weight;
    private Mat bias;
    private Mat weightGrad;
    private Mat biasGrad;

    Conv2dRuntime(Window w, int filters, boolean useBias, double l1, double l2, Initializer initializer, MatOps ops,
                  ImageKernels kernels, Parallelism parallelism) {
        this.w = w;
        this.filters = filters;
        this.patch = w.channels * w.kk();
        this.plane = w.outPlane();
        this.useBias = useBias;
        this.l1 = l1;
        this.l2 = l2;
        this.initializer = initializer;
        this.ops = ops;
        this.kernels = kernels;
        this.parallelism = parallelism;
    }

    @Override
    public int inputSize() {
        return w.channels * w.inPlane();
    }

    @Override
    public int outputSize() {
        return filters * plane;
    }

    @Override
    public List<ParamShape> parameters() {
        ParamShape wt = new ParamShape("weight", filters, patch, l1, l2);
        return useBias ? List.of(wt, new ParamShape("bias", 1, filters)) : List.of(wt);
    }

    @Override
    public void bind(List<Mat> params, List<Mat> grads) {
        weight = params.get(0);
        weightGrad = grads.get(0);
        if (useBias) {
            bias = params.get(1);
            biasGrad = grads.get(1);
        }
    }

    @Override
    public void initialize(RandomGenerator random) {
        initializer.initialize(weight, patch, filters * w.kk(), random);
        if (useBias) {
            bias.fill(0);
        }
    }

    /** Samples per chunk for batches of {@code rows}. */
    int chunkSamples(int rows) {
        long perSample = (long) plane * Math.max(patch, filters);
        return (int) Math.max(1, Math.min(rows, chunkValues / perSample));
    }

    /**
     * A view of the first {@code rows x cols} values of {@code m}'s storage as a contiguous matrix (the buffers of
     * a shorter last chunk share the full chunk's arrays).
     */
    private static Mat prefix(Mat m, int rows, int cols) {
        return m.reshape(m.size(), 1).rows(0, rows * cols).reshape(rows, cols);
    }

    /**
     * The buffers of one batch size, with views for a full chunk and for the last one. The patch matrix has one
     * row per weight column and one column per output pixel of the chunk's samples, so that both its gathering
     * and the reordering of the product into channel-major rows are block copies.
     */
    final class State implements LayerState {
        final int rows;
        final int chunk;
        final Mat colsFull;
        final Mat tmpFull;
        final Mat colsTail;
        final Mat tmpTail;
        Mat dcolsFull;
        Mat dcolsTail;
        /** Whether {@link #colsFull} holds the patches of the whole batch of the last forward pass. */
        boolean patchesKept;
        // The operands of the current loop, read by the ranges below (set before each parallel loop).
        Mat in;
        Mat out;
        Mat colsNow;
        Mat tmpNow;
        Mat biasNow;
        int first;
        final Parallelism.Range gather = (from, to) -> kernels.im2col(in, w, first, first + from, first + to, colsNow);
        final Parallelism.Range reorder = (from, to) -> kernels.toChannelMajor(tmpNow, biasNow, first, first + from,
                first + to, plane, out);
        final Parallelism.Range unorder = (from, to) -> kernels.fromChannelMajor(in, first, first + from, first + to,
                plane, tmpNow);
        final Parallelism.Range scatter = (from, to) -> kernels.col2im(colsNow, w, first, first + from, first + to,
                out);

        State(int rows) {
            this.rows = rows;
            this.chunk = chunkSamples(rows);
            colsFull = Mat.zeros(weight.precision(), patch, chunk * plane);
            tmpFull = Mat.zeros(weight.precision(), filters, chunk * plane);
            int tail = rows % chunk;
            colsTail = tail == 0 ? colsFull : prefix(colsFull, patch, tail * plane);
            tmpTail = tail == 0 ? tmpFull : prefix(tmpFull, filters, tail * plane);
        }

        boolean isTail(int at) {
            return at + chunk > rows;
        }

        void allocateGradientBuffers() {
            if (dcolsFull == null) {
                dcolsFull = Mat.zeros(weight.precision(), patch, chunk * plane);
                dcolsTail = rows % chunk == 0 ? dcolsFull : prefix(dcolsFull, patch, (rows % chunk) * plane);
            }
        }
    }

    @Override
    public LayerState newState(int rows) {
        return new State(rows);
    }

    private void forEachSample(int n, Parallelism.Range body) {
        parallelism.forRanges(n, Math.max(1, (n + 7) / 8), body);
    }

    @Override
    public void forward(Mat input, Mat output, LayerState state, boolean training) {
        State st = (State) state;
        int rows = input.rows();
        for (int at = 0; at < rows; at += st.chunk) {
            int n = Math.min(st.chunk, rows - at);
            boolean tail = st.isTail(at);
            st.in = input;
            st.out = output;
            st.first = at;
            st.colsNow = tail ? st.colsTail : st.colsFull;
            st.tmpNow = tail ? st.tmpTail : st.tmpFull;
            st.biasNow = useBias ? bias : null;
            forEachSample(n, st.gather);
            ops.gemm(false, false, 1, weight, st.colsNow, 0, st.tmpNow);
            forEachSample(n, st.reorder);
        }
        st.patchesKept = rows <= st.chunk;
        st.in = null;
        st.out = null;
    }

    @Override
    public void backward(Mat input, Mat output, Mat gradOutput, Mat gradInput, LayerState state) {
        State st = (State) state;
        if (gradInput != null) {
            st.allocateGradientBuffers();
        }
        int rows = input.rows();
        for (int at = 0; at < rows; at += st.chunk) {
            int n = Math.min(st.chunk, rows - at);
            boolean tail = st.isTail(at);
            st.first = at;
            st.colsNow = tail ? st.colsTail : st.colsFull;
            st.tmpNow = tail ? st.tmpTail : st.tmpFull;
            if (!st.patchesKept) {
                st.in = input;
                forEachSample(n, st.gather);
            }
            st.in = gradOutput;
            forEachSample(n, st.unorder);
            double beta = at == 0 ? 0 : 1;
            ops.gemm(false, true, 1, st.tmpNow, st.colsNow, beta, weightGrad);
            if (useBias) {
                kernels.rowSums(st.tmpNow, beta, 0, filters, biasGrad);
            }
            if (gradInput != null) {
                Mat dcols = tail ? st.dcolsTail : st.dcolsFull;
                ops.gemm(true, false, 1, weight, st.tmpNow, 0, dcols);
                st.colsNow = dcols;
                st.out = gradInput;
                forEachSample(n, st.scatter);
            }
        }
        st.in = null;
        st.out = null;
    }
}
