package org.nnj.losses;

import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.Loss;

/**
 * Mean squared error with the 1/2 factor of seed 002, section 4: per sample
 * {@code C = 1/2 sum_j (a_j - y_j)^2}, averaged over the rows of the batch; gradient
 * {@code dC/da_j = (a_j - y_j) / rows}. Half of {@link Quadratic}.
 *
 * <p>Note for users of other libraries: PyTorch's {@code MSELoss} (and Keras's {@code mse}) average over the
 * outputs as well and have no 1/2, so for {@code k} outputs their value is {@code 2/k} times this one.
 */
public final class Mse implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public String description() {
        return "1/2 sum_j (a_j - y_j)^2 per sample (seed 002)";
    }

    @Override
    public double loss(Mat output, Mat target) {
        Shapes.requireSameShape("mse loss: target", output, target);
        int n = output.size();
        double sum = 0;
        if (output instanceof F64Mat o && target instanceof F64Mat t) {
            double[] od = o.data();
            double[] td = t.data();
            for (int i = 0, oo = o.offset(), to = t.offset(); i < n; i++) {
                double d = od[oo + i] - td[to + i];
                sum += 0.5 * d * d;
            }
        } else if (output instanceof F32Mat o && target instanceof F32Mat t) {
            float[] od = o.data();
            float[] td = t.data();
            for (int i = 0, oo = o.offset(), to = t.offset(); i < n; i++) {
                double d = (double) od[oo + i] - td[to + i];
                sum += 0.5 * d * d;
            }
        } else {
            for (int i = 0; i < n; i++) {
                double d = output.getFlat(i) - target.getFlat(i);
                sum += 0.5 * d * d;
            }
        }
        return output.rows() == 0 ? 0 : sum / output.rows();
    }

    @Override
    public void gradient(Mat output, Mat target, Mat gradOutput) {
        Shapes.requireSameShape("mse gradient: target", output, target);
        Shapes.requireSameShape("mse gradient: gradOutput", output, gradOutput);
        int n = output.size();
        double scale = 1.0 / Math.max(1, output.rows());
        if (output instanceof F64Mat o && target instanceof F64Mat t && gradOutput instanceof F64Mat g) {
            double[] od = o.data();
            double[] td = t.data();
            double[] gd = g.data();
            for (int i = 0, oo = o.offset(), to = t.offset(), go = g.offset(); i < n; i++) {
                double d = od[oo + i] - td[to + i];
                gd[go + i] = scale * d;
            }
        } else if (output instanceof F32Mat o && target instanceof F32Mat t && gradOutput instanceof F32Mat g) {
            float[] od = o.data();
            float[] td = t.data();
            float[] gd = g.data();
            for (int i = 0, oo = o.offset(), to = t.offset(), go = g.offset(); i < n; i++) {
                double d = (double) od[oo + i] - td[to + i];
                gd[go + i] = (float) (scale * d);
            }
        } else {
            for (int i = 0; i < n; i++) {
                double d = output.getFlat(i) - target.getFlat(i);
                gradOutput.setFlat(i, scale * d);
            }
        }
    }
}
