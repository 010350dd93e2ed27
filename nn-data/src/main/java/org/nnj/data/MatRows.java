package org.nnj.data;

import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.Precision;

/** Row copies between matrices with fast paths for equal precisions. Internal to this package. */
final class MatRows {
    private MatRows() {
    }

    /**
     * Copies rows {@code rows[from .. from+count)} of {@code src} into rows {@code 0 .. count)} of {@code dst}.
     * Both must have the same number of columns; precisions may differ.
     */
    static void gather(Mat src, int[] rows, int from, int count, Mat dst) {
        int cols = src.cols();
        if (cols == 0) {
            return;
        }
        if (src instanceof F32Mat s && dst instanceof F32Mat d) {
            float[] sd = s.data();
            float[] dd = d.data();
            for (int i = 0; i < count; i++) {
                System.arraycopy(sd, s.offset() + rows[from + i] * cols, dd, d.offset() + i * cols, cols);
            }
        } else if (src instanceof F64Mat s && dst instanceof F64Mat d) {
            double[] sd = s.data();
            double[] dd = d.data();
            for (int i = 0; i < count; i++) {
                System.arraycopy(sd, s.offset() + rows[from + i] * cols, dd, d.offset() + i * cols, cols);
            }
        } else {
            for (int i = 0; i < count; i++) {
                int r = rows[from + i];
                for (int c = 0; c < cols; c++) {
                    dst.set(i, c, src.get(r, c));
                }
            }
        }
    }

    /** A fresh compact copy of {@code src} in {@code precision}. */
    static Mat copy(Mat src, Precision precision) {
        Mat out = Mat.zeros(precision, src.rows(), src.cols());
        out.copyFrom(src);
        return out;
    }
}
