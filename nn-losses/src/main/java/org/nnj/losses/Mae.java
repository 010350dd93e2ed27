package org.nnj.losses;

import java.util.Set;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Shapes;
import org.nnj.api.spi.Loss;

/**
 * Absolute error: per sample {@code C = sum_j |a_j - y_j|}, averaged over the rows of the batch; gradient
 * {@code dC/da_j = sign(a_j - y_j) / rows}, taken as 0 where {@code a_j = y_j} (the kink; 0 is a subgradient
 * and, like PyTorch's, it leaves an exact prediction alone). Name {@code mae}, alias {@code l1}.
 *
 * <p>Like every nnj loss it sums over the outputs: PyTorch's {@code L1Loss} and Keras's {@code mae} average over
 * them too, so for {@code k} outputs their value is {@code 1/k} times this one.
 */
public final class Mae implements Loss {

    @Override
    public String name() {
        return "mae";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("l1");
    }

    @Override
    public String description() {
        return "sum_j |a_j - y_j| per sample";
    }

    @Override
    public double loss(Mat output, Mat target) {
        Shapes.requireSameShape("mae loss: target", output, target);
        int n = output.size();
        double sum = 0;
        if (output instanceof F64Mat o && target instanceof F64Mat t) {
            double[] od = o.data();
            double[] td = t.data();
            for (int i = 0, oo = o.offset(), to = t.offset(); i < n; i++) {
                double d = od[oo + i] - td[to + i];
                sum += Math.abs(d);
            }
        } else if (output instanceof F32Mat o && target instanceof F32Mat t) {
            float[] od = o.data();
            float[] td = t.data();
            for (int i = 0, oo = o.offset(), to = t.offset(); i < n; i++) {
                double d = (double) od[oo + i] - td[to + i];
                sum += Math.abs(d);
            }
        } else {
            for (int i = 0; i < n; i++) {
                double d = output.getFlat(i) - target.getFlat(i);
                sum += Math.abs(d);
            }
        }
        return output.rows() == 0 ? 0 : sum / output.rows();
    }

    @Override
    public void gradient(Mat output, Mat target, Mat gradOutput) {
        Shapes.requireSameShape("mae gradient: target", output, target);
        Shapes.requireSameShape("mae gradient: gradOutput", output, gradOutput);
        int n = output.size();
        double scale = 1.0 / Math.max(1, output.rows());
        if (output instanceof F64Mat o && target instanceof F64Mat t && gradOutput instanceof F64Mat g) {
            double[] od = o.data();
            double[] td = t.data();
            double[] gd = g.data();
            for (int i = 0, oo = o.offset(), to = t.offset(), go = g.offset(); i < n; i++) {
                double d = od[oo + i] - td[to + i];
                gd[go + i] = scale * Math.signum(d);
            }
        } else if (output instanceof F32Mat o && target instanceof F32Mat t && gradOutput instanceof F32Mat g) {
            float[] od = o.data();
            float[] td = t.data();
            float[] gd = g.data();
            for (int i = 0, oo = o.offset(), to = t.offset(), go = g.offset(); i < n; i++) {
                double d = (double) od[oo + i] - td[to + i];
                gd[go + i] = (float) (scale * Math.signum(d));
            }
        } else {
            for (int i = 0; i < n; i++) {
                double d = output.getFlat(i) - target.getFlat(i);
                gradOutput.setFlat(i, scale * Math.signum(d));
            }
        }
    }
}
