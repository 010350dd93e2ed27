package org.nnj.losses;

import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.Loss;

/**
 * The quadratic cost of seed 001 (Eq. 1-2): per sample {@code C = sum_j (a_j - y_j)^2}, averaged over the rows
 * of the batch; gradient {@code dC/da_j = 2 (a_j - y_j) / rows}. This is the cost of the worked example, whose
 * printed gradients carry the factor 2. Compare {@link Mse}, which has the factor 1/2.
 */
public final class Quadratic implements Loss {

    @Override
    public String name() {
        return "quadratic";
    }

    @Override
    public String description() {
        return "sum_j (a_j - y_j)^2 per sample (seed 001)";
    }

    @Override
    public double loss(Mat output, Mat target) {
        Shapes.requireSameShape("quadratic loss: target", output, target);
        int n = output.size();
        double sum = 0;
        if (output instanceof F64Mat o && target instanceof F64Mat t) {
            double[] od = o.data();
            double[] td = t.data();
            for (int i = 0, oo = o.offset(), to = t.offset(); i < n; i++) {
                double d = od[oo + i] - td[to + i];
                sum += d * d;
            }
        } else if (output instanceof F32Mat o && target instanceof F32Mat t) {
            float[] od = o.data();
            float[] td = t.data();
            for (int i = 0, oo = o.offset(), to = t.offset(); i < n; i++) {
                double d = (double) od[oo + i] - td[to + i];
                sum += d * d;
            }
        } else {
            for (int i = 0; i < n; i++) {
                double d = output.getFlat(i) - target.getFlat(i);
                sum += d * d;
            }
        }
        return output.rows() == 0 ? 0 : sum / output.rows();
    }

    @Override
    public void gradient(Mat output, Mat target, Mat gradOutput) {
        Shapes.requireSameShape("quadratic gradient: target", output, target);
        Shapes.requireSameShape("quadratic gradient: gradOutput", output, gradOutput);
        int n = output.size();
        double scale = 2.0 / Math.max(1, output.rows());
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
