package org.nnj.layers;

import java.util.List;
import java.util.random.RandomGenerator;
import org.nnj.api.Mat;
import org.nnj.api.spi.Initializer;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.LayerState;
import org.nnj.api.spi.MatOps;
import org.nnj.api.spi.ParamShape;

/** The computing part of {@link Dense}; stateless per batch, so forward passes may run from many threads. */
final class DenseRuntime implements LayerRuntime {
    private final int inputs;
    private final int units;
    private final boolean useBias;
    private final double l1;
    private final double l2;
    private final Initializer initializer;
    private final MatOps ops;
    private Mat weight;
    private Mat bias;
    private Mat weightGrad;
    private Mat biasGrad;

    DenseRuntime(int inputs, int units, boolean useBias, double l1, double l2, Initializer initializer, MatOps ops) {
        this.inputs = inputs;
        this.units = units;
        this.useBias = useBias;
        this.l1 = l1;
        this.l2 = l2;
        this.initializer = initializer;
        this.ops = ops;
    }

    @Override
    public int inputSize() {
        return inputs;
    }

    @Override
    public int outputSize() {
        return units;
    }

    @Override
    public List<ParamShape> parameters() {
        ParamShape w = new ParamShape("weight", units, inputs, l1, l2);
        return useBias ? List.of(w, new ParamShape("bias", 1, units)) : List.of(w);
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
        initializer.initialize(weight, inputs, units, random);
        if (useBias) {
            bias.fill(0);
        }
    }

    @Override
    public void forward(Mat input, Mat output, LayerState state, boolean training) {
        ops.gemm(false, true, 1, input, weight, 0, output, useBias ? bias : null);
    }

    @Override
    public void backward(Mat input, Mat output, Mat gradOutput, Mat gradInput, LayerState state) {
        ops.gemm(true, false, 1, gradOutput, input, 0, weightGrad);
        if (useBias) {
            ops.sumRows(gradOutput, 0, biasGrad);
        }
        if (gradInput != null) {
            ops.gemm(false, false, 1, gradOutput, weight, 0, gradInput);
        }
    }

}
