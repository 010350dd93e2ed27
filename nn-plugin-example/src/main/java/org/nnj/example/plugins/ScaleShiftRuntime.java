package org.nnj.example.plugins;

import java.util.List;
import java.util.random.RandomGenerator;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.LayerRuntime;
import org.nnj.api.spi.LayerState;
import org.nnj.api.spi.ParamShape;

/** The computing part of {@link ScaleShift}: plain loops, no per-batch state, so it is safe to share. */
final class ScaleShiftRuntime implements LayerRuntime {
    private final int width;
    private final double initScale;
    private Mat gamma;
    private Mat beta;
    private Mat gammaGrad;
    private Mat betaGrad;

    ScaleShiftRuntime(int width, double initScale) {
        this.width = width;
        this.initScale = initScale;
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
    public List<ParamShape> parameters() {
        return List.of(new ParamShape("gamma", 1, width), new ParamShape("beta", 1, width));
    }

    @Override
    public void bind(List<Mat> params, List<Mat> grads) {
        gamma = params.get(0);
        beta = params.get(1);
        gammaGrad = grads.get(0);
        betaGrad = grads.get(1);
    }

    @Override
    public void initialize(RandomGenerator random) {
        gamma.fill(initScale);
        beta.fill(0);
    }

    @Override
    public void forward(Mat input, Mat output, LayerState state, boolean training) {
        Shapes.requireCols("scale_shift forward: input", input, width);
        Shapes.requireSameShape("scale_shift forward: output", input, output);
        for (int r = 0; r < input.rows(); r++) {
            for (int c = 0; c < width; c++) {
                output.set(r, c, input.get(r, c) * gamma.get(0, c) + beta.get(0, c));
            }
        }
    }

    @Override
    public void backward(Mat input, Mat output, Mat gradOutput, Mat gradInput, LayerState state) {
        Shapes.requireSameShape("scale_shift backward: gradOutput", input, gradOutput);
        for (int c = 0; c < width; c++) {
            double dGamma = 0;
            double dBeta = 0;
            for (int r = 0; r < input.rows(); r++) {
                double g = gradOutput.get(r, c);
                dGamma += g * input.get(r, c);
                dBeta += g;
            }
            gammaGrad.set(0, c, dGamma);
            betaGrad.set(0, c, dBeta);
        }
        if (gradInput != null) {
            for (int r = 0; r < input.rows(); r++) {
                for (int c = 0; c < width; c++) {
                    gradInput.set(r, c, gradOutput.get(r, c) * gamma.get(0, c));
                }
            }
        }
    }
}
