package org.nnj.core;

import org.nnj.api.Mat;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.LayerState;

/** Runs an {@link Activation} as a network stage: output = f(input), gradInput = f'-chain(gradOutput). */
final class ActivationRuntime implements LayerRuntime {
    private final Activation activation;
    private final int width;

    ActivationRuntime(Activation activation, int width) {
        this.activation = activation;
        this.width = width;
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
    public void forward(Mat input, Mat output, LayerState state, boolean training) {
        activation.forward(input, output);
    }

    @Override
    public void backward(Mat input, Mat output, Mat gradOutput, Mat gradInput, LayerState state) {
        if (gradInput != null) {
            activation.backward(input, output, gradOutput, gradInput);
        }
    }
}
