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
        gather(src, rows, from, count, dst, 0);
    }

    /** {@link #gather(Mat, int[], int, int, Mat)} into rows {@code at .. at+count)} of {@code dst}. */
    static void gather(Mat src, int[] rows, int from, int count, Mat dst, int at) {
        int cols = src.cols();
        if (cols == 0) {
            return;
        }
        if (src instanceof F32Mat s && dst instanceof F32Mat d) {
            F32Values.gather(s.data(), s.offset(), rows, from, count, cols, d.data(), d.offset() + at * cols);
        } else if (src instanceof F64Mat s && dst instanceof F64Mat d) {
            F64Values.gather(s.data(), s.offset(), rows, from, count, cols, d.data(), d.offset() + at * cols);
        } else {
            for (int i = 0; i < count; i++) {
                int r = rows[from + i];
                for (int c = 0; c < cols; c++) {
                    dst.set(at + i, c, src.get(r, c));
                }
            }
        }
    }

    /**
     * Reorders the rows of {@code m} in place so that new row {@code i} is old row {@code order[i]}
     * ({@code order} a permutation of {@code 0 .. rows-1}), following cycles with one spare row.
     */
    static void permuteRows(Mat m, int[] order) {
        int cols = m.cols();
        if (cols == 0) {
            return;
        }
        boolean[] done = new boolean[order.length];
        Mat spare = Mat.zeros(m.precision(), 1, cols);
        for (int start = 0; start < order.length; start++) {
            if (done[start] || order[start] == start) {
                continue;
            }
            spare.copyFrom(m.rows(start, 1));
            int j = start;
            while (true) {
                done[j] = true;
                int k = order[j];
                if (k == start) {
                    m.rows(j, 1).copyFrom(spare);
                    break;
                }
                copyRow(m, k, j);
                j = k;
            }
        }
    }

    private static void copyRow(Mat m, int from, int to) {
        int cols = m.cols();
        Object data = m instanceof F32Mat f ? f.data() : ((F64Mat) m).data();
        System.arraycopy(data, m.offset() + from * cols, data, m.offset() + to * cols, cols);
    }

    /** A fresh compact copy of {@code src} in {@code precision}. */
    static Mat copy(Mat src, Precision precision) {
        Mat out = Mat.zeros(precision, src.rows(), src.cols());
        out.copyFrom(src);
        return out;
    }
}
