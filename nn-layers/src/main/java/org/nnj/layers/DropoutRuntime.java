package org.nnj.layers;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.nnj.api.Mat;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.LayerState;

/** The computing part of {@link Dropout}. Training passes share the network's random stream (one at a time). */
final class DropoutRuntime implements LayerRuntime {
    private final int width;
    private final double rate;
    private final RandomGenerator random;

    DropoutRuntime(int width, double rate, RandomGenerator random) {
        this.width = width;
        this.rate = rate;
        this.random = random;
    }

    /** The scale of each element of the last training pass: 0 or 1/(1-rate). */
    static final class MaskState implements LayerState {
        final Mat mask;
        /** Whether the last forward pass was in training mode (else the layer was the identity). */
        boolean masked;

        MaskState(Mat mask) {
            this.mask = mask;
        }
    }

    @Override
    public int inputSize() {
        return width;
    }

    @Override
    public int outputSize() {
        return width;
    }

    @Override
    public LayerState newState(int rows) {
        return new MaskState(Mat.zeros(org.nnj.api.Precision.FLOAT64, rows, width));
    }

    @Override
    public void forward(Mat input, Mat output, LayerState state, boolean training) {
        MaskState st = (MaskState) state;
        st.masked = training && rate > 0;
        if (!st.masked) {
            if (input != output) {
                output.copyFrom(input);
            }
            return;
        }
        Mat mask = st.mask;
        double scale = 1.0 / (1.0 - rate);
        for (int i = 0, n = input.size(); i < n; i++) {
            double m = random.nextDouble() < rate ? 0.0 : scale;
            mask.setFlat(i, m);
            output.setFlat(i, input.getFlat(i) * m);
        }
    }

    @Override
    public void backward(Mat input, Mat output, Mat gradOutput, Mat gradInput, LayerState state) {
        if (gradInput == null) {
            return;
        }
        MaskState st = (MaskState) state;
        if (!st.masked) {
            gradInput.copyFrom(gradOutput);
            return;
        }
        Mat mask = st.mask;
        for (int i = 0, n = gradOutput.size(); i < n; i++) {
            gradInput.setFlat(i, gradOutput.getFlat(i) * mask.getFlat(i));
        }
    }

    @Override
    public Map<String, Mat> inspect(LayerState state) {
        return Map.of("mask", ((MaskState) state).mask);
    }
}
