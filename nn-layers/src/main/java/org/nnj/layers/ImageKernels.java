package org.nnj.layers;

import org.nnj.api.Mat;
import org.nnj.api.Precision;

/**
 * The per-pixel loops of the image and normalization layers, over whole mini-batches in primitive arrays: one
 * implementation per precision, {@link F32ImageKernels} and its generated float64 twin. A layer picks one with
 * {@link #of} when it is built.
 *
 * <p>Every method works on the samples (or channels, or columns) of one range {@code [from, to)} and touches
 * only their elements, so ranges may run on different threads at once. Matrices are mini-batches, one row per
 * sample, an image's values channel-major ({@code (c * height + y) * width + x}). A buffer that holds a chunk of
 * samples starting at sample {@code first} holds sample {@code s} at row block {@code s - first}.
 */
interface ImageKernels {

    static ImageKernels of(Precision precision) {
        return precision == Precision.FLOAT32 ? F32ImageKernels.INSTANCE : F64ImageKernels.INSTANCE;
    }

    /**
     * The patch matrix of a convolution, one column per output pixel: column {@code (s - first) * outPlane + q}
     * of {@code cols} (K x chunk * outPlane, K = channels * kh * kw) holds the input values the window at output
     * pixel q of sample s reads, row {@code (c * kh + ky) * kw + kx} in the order of PyTorch's weight layout, 0 in
     * the padding. Each row is a run of one input row per output row, so this is mostly block copies.
     */
    void im2col(Mat x, Window w, int first, int from, int to, Mat cols);

    /** The adjoint of {@link #im2col}: rows {@code [from, to)} of {@code dx} become the sums of their taps. */
    void col2im(Mat dcols, Window w, int first, int from, int to, Mat dx);

    /**
     * {@code out[s][f * plane + q] = tmp[f][(s - first) * plane + q] + bias[f]} (a null bias adds nothing): a
     * convolution's result, one row per filter, into one row per sample, channel-major.
     */
    void toChannelMajor(Mat tmp, Mat bias, int first, int from, int to, int plane, Mat out);

    /** The inverse of {@link #toChannelMajor} without the bias: the samples' gradient back into one row per filter. */
    void fromChannelMajor(Mat g, int first, int from, int to, int plane, Mat tmp);

    /** {@code target[r] = beta * target[r] + sum of row r of source}, rows {@code [from, to)} (a bias gradient). */
    void rowSums(Mat source, double beta, int from, int to, Mat target);

    /**
     * Max pooling: each output is the largest tap of its window (the padding takes no part). Ties go to the first
     * tap in row-major window order, and a NaN tap wins (the last NaN, if several), as in PyTorch on the CPU;
     * {@code argmax[s * outputs + o]} is the offset of the winning input value within its sample.
     */
    void maxPool(Mat x, Window w, int from, int to, Mat out, int[] argmax);

    /** Rows {@code [from, to)} of {@code dx}: each output's gradient added to its window's winning input. */
    void maxPoolBackward(Mat g, Window w, int from, int to, int[] argmax, Mat dx);

    /** Average pooling: output pixel q is the sum of its window's taps (0 in the padding) times {@code scale[q]}. */
    void avgPool(Mat x, Window w, double[] scale, int from, int to, Mat out);

    /** Rows {@code [from, to)} of {@code dx}: each output's gradient times {@code scale[q]} spread over its taps. */
    void avgPoolBackward(Mat g, Window w, double[] scale, int from, int to, Mat dx);

    /** {@code out[s][c]} = the mean of channel c's {@code plane} values. */
    void globalAvgPool(Mat x, int channels, int plane, int from, int to, Mat out);

    /** {@code dx[s][c * plane + p] = g[s][c] / plane}. */
    void globalAvgPoolBackward(Mat g, int channels, int plane, int from, int to, Mat dx);

    /**
     * Batch normalization in training, channels {@code [from, to)}: per channel, the mean and biased variance over
     * all samples and the channel's {@code plane} pixels; {@code xhat = (x - mean) / sqrt(var + eps)} is kept,
     * {@code out = xhat * gamma[c] + beta[c]} (a null gamma or beta: 1 or 0). The mean and the biased variance of
     * each channel go to {@code mean} and {@code var}, {@code 1 / sqrt(var + eps)} to {@code invStd}.
     */
    void batchNormTrain(Mat x, int plane, Mat gamma, Mat beta, double eps, int from, int to, Mat xhat, double[] mean,
                        double[] var, double[] invStd, Mat out);

    /**
     * The backward pass of {@link #batchNormTrain} for channels {@code [from, to)}, with M values per channel:
     * {@code dgamma = sum g * xhat}, {@code dbeta = sum g} (skipped when null), and
     * {@code dx = gamma * invStd / M * (M * g - sum g - xhat * sum g * xhat)} (skipped when {@code dx} is null).
     */
    void batchNormTrainBackward(Mat g, Mat xhat, int plane, double[] invStd, Mat gamma, int from, int to, Mat dgamma,
                                Mat dbeta, Mat dx);

    /**
     * Batch normalization at inference, channels {@code [from, to)}: {@code out = (x - mean[c]) * invStd[c] *
     * gamma[c] + beta[c]}, with {@code invStd[c] = 1 / sqrt(runningVar[c] + eps)} given.
     */
    void batchNormEval(Mat x, int plane, double[] mean, double[] invStd, Mat gamma, Mat beta, int from, int to, Mat out);

    /**
     * The backward pass of {@link #batchNormEval}: {@code dgamma = sum g * (x - mean) * invStd}, {@code dbeta = sum g},
     * {@code dx = g * gamma * invStd}.
     */
    void batchNormEvalBackward(Mat g, Mat x, int plane, double[] mean, double[] invStd, Mat gamma, int from, int to,
                               Mat dgamma, Mat dbeta, Mat dx);

    /**
     * Layer normalization of rows {@code [from, to)} over all their values: {@code xhat = (x - mean) /
     * sqrt(var + eps)} (biased variance) is kept with {@code invStd[s]}; {@code out = xhat * weight + bias}
     * element by element (null: 1 and 0).
     */
    void layerNorm(Mat x, Mat weight, Mat bias, double eps, int from, int to, Mat xhat, double[] invStd, Mat out);

    /**
     * Rows {@code [from, to)} of the input gradient of {@link #layerNorm}, with D values per row and
     * {@code h = g * weight}: {@code dx = invStd / D * (D * h - sum h - xhat * sum h * xhat)}.
     */
    void layerNormBackward(Mat g, Mat xhat, double[] invStd, Mat weight, int from, int to, Mat dx);

    /**
     * Columns {@code [from, to)} of the parameter gradients of {@link #layerNorm}: {@code dweight = sum over rows
     * of g * xhat}, {@code dbias = sum over rows of g} (each skipped when null).
     */
    void layerNormParamGrads(Mat g, Mat xhat, int from, int to, Mat dweight, Mat dbias);
}
