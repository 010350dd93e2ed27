package org.nnj.data;

import java.util.Optional;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.ShapeException;

/** The shared arithmetic of the fitted scalers: {@code x' = (x - shift[j]) * factor[j]}. Internal. */
abstract class AffineScaler implements Scaler {
    private final double[] shift;
    private final double[] factor;

    AffineScaler(double[] shift, double[] factor) {
        this.shift = shift;
        this.factor = factor;
    }

    @Override
    public int featureCount() {
        return shift.length;
    }

    @Override
    public Optional<double[][]> affine() {
        return Optional.of(new double[][] {shift.clone(), factor.clone()});
    }

    @Override
    public void transformInPlace(Mat m) {
        int cols = shift.length;
        if (m.cols() != cols) {
            throw new ShapeException(name() + " scaler: expected a matrix with " + cols
                    + " columns (the features it was fitted on), got " + m.rows() + " x " + m.cols());
        }
        if (m instanceof F32Mat f) {
            F32Values.affine(f.data(), f.offset(), m.rows(), shift, factor);
        } else {
            F64Mat d = (F64Mat) m;
            F64Values.affine(d.data(), d.offset(), m.rows(), shift, factor);
        }
    }

    static void requireRows(Dataset train, String scaler) {
        if (train.size() == 0) {
            throw new IllegalArgumentException(scaler + " scaler: expected a training set with at least one row, got "
                    + train);
        }
    }

    static void requireSameLength(String scaler, String a, double[] x, String b, double[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException(scaler + " scaler: expected " + a + " and " + b
                    + " of the same non-zero length, got " + x.length + " and " + y.length);
        }
    }

    static void requireFinite(String scaler, String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(scaler + " scaler: expected finite " + what + " values, got "
                        + values[i] + " at index " + i);
            }
        }
    }
}
