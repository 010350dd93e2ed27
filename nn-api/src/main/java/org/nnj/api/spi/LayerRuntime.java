package org.nnj.api.spi;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nnj.api.Mat;

/**
 * The computing part of one layer, built for one input width and precision.
 *
 * <p>Calling order: {@link #parameters()} once; {@link #bind} once with views into the network's parameter and
 * gradient arrays; {@link #initialize} (or the network loads saved values); then for each batch size
 * {@link #newState} once, and per mini-batch {@link #forward} and, when training, {@link #backward}.
 *
 * <p>Per-batch scratch (saved masks, intermediate values) lives in the {@link LayerState}, not in the runtime,
 * so one runtime can run forward passes from several threads, each with its own state; a forward pass writes
 * nothing to the runtime's own fields.
 *
 * <p>Gradients are overwritten, never accumulated: {@link #backward} assigns every element of every bound
 * gradient view and of {@code gradInput}, whatever they held before. The core does not zero them between
 * batches: they hold the previous step's gradients (after penalties and clipping), so a layer that adds to them
 * ({@code +=}) would train on the sum of all gradients so far. Summing over the rows of the batch happens inside
 * one backward call (into a local sum, or into the view after the layer has written it in this call).
 */
@API(status = API.Status.STABLE)
public interface LayerRuntime {

    int inputSize();

    int outputSize();

    /** The trainable tensors, in the order {@link #bind} receives them. */
    default List<ParamShape> parameters() {
        return List.of();
    }

    /** Receives one view per {@link #parameters() parameter}, and the matching gradient views. */
    default void bind(List<Mat> params, List<Mat> grads) {
    }

    /**
     * The non-trainable state tensors (buffers), in the order {@link #bindBuffers} receives them: values the
     * layer itself updates while training, such as batch normalization's running mean and variance. The core
     * keeps them in one array of their own beside the parameters, names them like parameters
     * ({@code layers.2.running_mean}), saves them in model files and checkpoints and restores them with the
     * parameters, and never gives them to the optimizer, to the penalties or to gradient clipping: a buffer has
     * no gradient. Names are unique among the layer's parameters and buffers; penalties must be 0.
     *
     * <p>A layer updates its buffers only in a training {@link #forward} (one training pass at a time per
     * network); inference only reads them, so inference stays thread-safe.
     */
    default List<ParamShape> buffers() {
        return List.of();
    }

    /** Receives one view per {@link #buffers() buffer}, after {@link #bind} and before {@link #initialize}. */
    default void bindBuffers(List<Mat> buffers) {
    }

    /**
     * Fills the bound parameters and buffers with their initial values, drawing only from {@code random}.
     */
    default void initialize(java.util.random.RandomGenerator random) {
    }

    /** Scratch for mini-batches of exactly {@code rows} rows. */
    default LayerState newState(int rows) {
        return LayerState.NONE;
    }

    /** {@code output = layer(input)}; {@code training} is false at inference (dropout off). */
    void forward(Mat input, Mat output, LayerState state, boolean training);

    /**
     * Given {@code gradOutput = dC/d(output)} for the batch of the last {@link #forward} with this {@code state},
     * writes the parameter gradients {@code dC/d(parameter)} (summed over the batch's rows) into the bound
     * gradient views and, unless {@code gradInput} is null (the first layer of a network), {@code dC/d(input)}
     * into {@code gradInput}.
     *
     * <p>Every element of every gradient view and of {@code gradInput} is assigned, the earlier contents of those
     * views are never read (they hold arbitrary values, NaN included), and calling backward again for the same
     * forward pass gives the same values. The parameter gradients do not depend on whether {@code gradInput} is
     * null. {@code input}, {@code output} and {@code gradOutput} are left unchanged.
     */
    void backward(Mat input, Mat output, Mat gradOutput, Mat gradInput, LayerState state);

    /** Named intermediate tensors for a backprop trace (e.g. {@code "mask"}); empty by default. */
    default Map<String, Mat> inspect(LayerState state) {
        return Map.of();
    }
}
