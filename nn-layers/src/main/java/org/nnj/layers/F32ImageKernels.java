package org.nnj.layers;

import org.nnj.api.F32Mat;
import org.nnj.api.Mat;

/**
 * {@link ImageKernels} on {@code float[]}; the float64 twin is generated from this file (tools/codegen/Twins.java).
 * Sums of many values (statistics, parameter gradients) are accumulated in double in both.
 */
// @twin
final class F32ImageKernels implements ImageKernels {
    static final F32ImageKernels INSTANCE = new F32ImageKernels();

    private F32ImageKernels() {
    }

    private static F32Mat m(Mat x) {
        return (F32Mat) x;
    }

    @Override
    public void im2col(Mat x, Window w, int first, int from, int to, Mat cols) {
        float[] xs = m(x).data();
        float[] cs = m(cols).data();
        int[] taps = w.taps();
        int kk = w.kk();
        int plane = w.inPlane();
        int outPlane = w.outPlane();
        int width = x.cols();
        int k = w.channels * kk;
        for (int s = from; s < to; s++) {
            int xRow = x.offset() + s * width;
            int dst = cols.offset() + (s - first) * outPlane * k;
            for (int q = 0; q < outPlane; q++) {
                int tq = q * kk;
                for (int c = 0; c < w.channels; c++) {
                    int xc = xRow + c * plane;
                    for (int t = 0; t < kk; t++) {
                        int tap = taps[tq + t];
                        cs[dst + t] = tap < 0 ? 0f : xs[xc + tap];
                    }
                    dst += kk;
                }
            }
        }
    }

    @Override
    public void col2im(Mat dcols, Window w, int first, int from, int to, Mat dx) {
        float[] cs = m(dcols).data();
        float[] ds = m(dx).data();
        int[] taps = w.taps();
        int kk = w.kk();
        int plane = w.inPlane();
        int outPlane = w.outPlane();
        int width = dx.cols();
        int k = w.channels * kk;
        for (int s = from; s < to; s++) {
            int dRow = dx.offset() + s * width;
            java.util.Arrays.fill(ds, dRow, dRow + width, 0f);
            int src = dcols.offset() + (s - first) * outPlane * k;
            for (int q = 0; q < outPlane; q++) {
                int tq = q * kk;
                for (int c = 0; c < w.channels; c++) {
                    int dc = dRow + c * plane;
                    for (int t = 0; t < kk; t++) {
                        int tap = taps[tq + t];
                        if (tap >= 0) {
                            ds[dc + tap] += cs[src + t];
                        }
                    }
                    src += kk;
                }
            }
        }
    }

    @Override
    public void toChannelMajor(Mat tmp, int first, int from, int to, int plane, Mat out) {
        float[] ts = m(tmp).data();
        float[] os = m(out).data();
        int f = tmp.cols();
        int width = out.cols();
        for (int s = from; s < to; s++) {
            int src = tmp.offset() + (s - first) * plane * f;
            int dst = out.offset() + s * width;
            for (int q = 0; q < plane; q++) {
                int row = src + q * f;
                for (int c = 0; c < f; c++) {
                    os[dst + c * plane + q] = ts[row + c];
                }
            }
        }
    }

    @Override
    public void fromChannelMajor(Mat g, int first, int from, int to, int plane, Mat tmp) {
        float[] gs = m(g).data();
        float[] ts = m(tmp).data();
        int f = tmp.cols();
        int width = g.cols();
        for (int s = from; s < to; s++) {
            int dst = tmp.offset() + (s - first) * plane * f;
            int src = g.offset() + s * width;
            for (int q = 0; q < plane; q++) {
                int row = dst + q * f;
                for (int c = 0; c < f; c++) {
                    ts[row + c] = gs[src + c * plane + q];
                }
            }
        }
    }

    @Override
    public void maxPool(Mat x, Window w, int from, int to, Mat out, int[] argmax) {
        float[] xs = m(x).data();
        float[] os = m(out).data();
        int[] taps = w.taps();
        int kk = w.kk();
        int plane = w.inPlane();
        int outPlane = w.outPlane();
        int inWidth = x.cols();
        int outWidth = out.cols();
        for (int s = from; s < to; s++) {
            int xRow = x.offset() + s * inWidth;
            int oRow = out.offset() + s * outWidth;
            int aRow = s * outWidth;
            for (int c = 0; c < w.channels; c++) {
                int xc = xRow + c * plane;
                for (int q = 0; q < outPlane; q++) {
                    int tq = q * kk;
                    float best = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int t = 0; t < kk; t++) {
                        int tap = taps[tq + t];
                        if (tap < 0) {
                            continue;
                        }
                        float v = xs[xc + tap];
                        if (at < 0 || v > best || v != v) {
                            best = v;
                            at = tap;
                        }
                    }
                    os[oRow + c * outPlane + q] = best;
                    argmax[aRow + c * outPlane + q] = c * plane + at;
                }
            }
        }
    }

    @Override
    public void maxPoolBackward(Mat g, Window w, int from, int to, int[] argmax, Mat dx) {
        float[] gs = m(g).data();
        float[] ds = m(dx).data();
        int outWidth = g.cols();
        int inWidth = dx.cols();
        for (int s = from; s < to; s++) {
            int dRow = dx.offset() + s * inWidth;
            java.util.Arrays.fill(ds, dRow, dRow + inWidth, 0f);
            int gRow = g.offset() + s * outWidth;
            int aRow = s * outWidth;
            for (int o = 0; o < outWidth; o++) {
                ds[dRow + argmax[aRow + o]] += gs[gRow + o];
            }
        }
    }

    @Override
    public void avgPool(Mat x, Window w, double[] scale, int from, int to, Mat out) {
        float[] xs = m(x).data();
        float[] os = m(out).data();
        int[] taps = w.taps();
        int kk = w.kk();
        int plane = w.inPlane();
        int outPlane = w.outPlane();
        int inWidth = x.cols();
        int outWidth = out.cols();
        for (int s = from; s < to; s++) {
            int xRow = x.offset() + s * inWidth;
            int oRow = out.offset() + s * outWidth;
            for (int c = 0; c < w.channels; c++) {
                int xc = xRow + c * plane;
                for (int q = 0; q < outPlane; q++) {
                    int tq = q * kk;
                    float sum = 0f;
                    for (int t = 0; t < kk; t++) {
                        int tap = taps[tq + t];
                        if (tap >= 0) {
                            sum += xs[xc + tap];
                        }
                    }
                    os[oRow + c * outPlane + q] = (float) (sum * scale[q]);
                }
            }
        }
    }

    @Override
    public void avgPoolBackward(Mat g, Window w, double[] scale, int from, int to, Mat dx) {
        float[] gs = m(g).data();
        float[] ds = m(dx).data();
        int[] taps = w.taps();
        int kk = w.kk();
        int plane = w.inPlane();
        int outPlane = w.outPlane();
        int inWidth = dx.cols();
        int outWidth = g.cols();
        for (int s = from; s < to; s++) {
            int dRow = dx.offset() + s * inWidth;
            java.util.Arrays.fill(ds, dRow, dRow + inWidth, 0f);
            int gRow = g.offset() + s * outWidth;
            for (int c = 0; c < w.channels; c++) {
                int dc = dRow + c * plane;
                for (int q = 0; q < outPlane; q++) {
                    int tq = q * kk;
                    float v = (float) (gs[gRow + c * outPlane + q] * scale[q]);
                    for (int t = 0; t < kk; t++) {
                        int tap = taps[tq + t];
                        if (tap >= 0) {
                            ds[dc + tap] += v;
                        }
                    }
                }
            }
        }
    }

    @Override
    public void globalAvgPool(Mat x, int channels, int plane, int from, int to, Mat out) {
        float[] xs = m(x).data();
        float[] os = m(out).data();
        int inWidth = x.cols();
        int outWidth = out.cols();
        for (int s = from; s < to; s++) {
            for (int c = 0; c < channels; c++) {
                int src = x.offset() + s * inWidth + c * plane;
                double sum = 0;
                for (int p = 0; p < plane; p++) {
                    sum += xs[src + p];
                }
                os[out.offset() + s * outWidth + c] = (float) (sum / plane);
            }
        }
    }

    @Override
    public void globalAvgPoolBackward(Mat g, int channels, int plane, int from, int to, Mat dx) {
        float[] gs = m(g).data();
        float[] ds = m(dx).data();
        int inWidth = dx.cols();
        int outWidth = g.cols();
        for (int s = from; s < to; s++) {
            for (int c = 0; c < channels; c++) {
                int dst = dx.offset() + s * inWidth + c * plane;
                float v = (float) (gs[g.offset() + s * outWidth + c] / (double) plane);
                java.util.Arrays.fill(ds, dst, dst + plane, v);
            }
        }
    }

    /** Element c of a 1 x n parameter, or {@code absent} when the parameter is null. */
    private static double at(Mat p, int c, double absent) {
        return p == null ? absent : m(p).data()[p.offset() + c];
    }

    @Override
    public void batchNormTrain(Mat x, int plane, Mat gamma, Mat beta, double eps, int from, int to, Mat xhat,
                               double[] mean, double[] var, double[] invStd, Mat out) {
        float[] xs = m(x).data();
        float[] hs = m(xhat).data();
        float[] os = m(out).data();
        int rows = x.rows();
        int width = x.cols();
        double count = (double) rows * plane;
        for (int c = from; c < to; c++) {
            double sum = 0;
            for (int s = 0; s < rows; s++) {
                int src = x.offset() + s * width + c * plane;
                for (int p = 0; p < plane; p++) {
                    sum += xs[src + p];
                }
            }
            double mu = sum / count;
            double sq = 0;
            for (int s = 0; s < rows; s++) {
                int src = x.offset() + s * width + c * plane;
                for (int p = 0; p < plane; p++) {
                    double d = xs[src + p] - mu;
                    sq += d * d;
                }
            }
            double v = sq / count;
            double inv = 1.0 / Math.sqrt(v + eps);
            mean[c] = mu;
            var[c] = v;
            invStd[c] = inv;
            double ga = at(gamma, c, 1.0);
            double be = at(beta, c, 0.0);
            for (int s = 0; s < rows; s++) {
                int src = x.offset() + s * width + c * plane;
                int h = xhat.offset() + s * width + c * plane;
                int dst = out.offset() + s * width + c * plane;
                for (int p = 0; p < plane; p++) {
                    double n = (xs[src + p] - mu) * inv;
                    hs[h + p] = (float) n;
                    os[dst + p] = (float) (n * ga + be);
                }
            }
        }
    }

    @Override
    public void batchNormTrainBackward(Mat g, Mat xhat, int plane, double[] invStd, Mat gamma, int from, int to,
                                       Mat dgamma, Mat dbeta, Mat dx) {
        float[] gs = m(g).data();
        float[] hs = m(xhat).data();
        int rows = g.rows();
        int width = g.cols();
        double count = (double) rows * plane;
        for (int c = from; c < to; c++) {
            double sumG = 0;
            double sumGH = 0;
            for (int s = 0; s < rows; s++) {
                int gi = g.offset() + s * width + c * plane;
                int hi = xhat.offset() + s * width + c * plane;
                for (int p = 0; p < plane; p++) {
                    double gv = gs[gi + p];
                    sumG += gv;
                    sumGH += gv * hs[hi + p];
                }
            }
            if (dgamma != null) {
                m(dgamma).data()[dgamma.offset() + c] = (float) sumGH;
            }
            if (dbeta != null) {
                m(dbeta).data()[dbeta.offset() + c] = (float) sumG;
            }
            if (dx == null) {
                continue;
            }
            float[] ds = m(dx).data();
            double scale = at(gamma, c, 1.0) * invStd[c] / count;
            for (int s = 0; s < rows; s++) {
                int gi = g.offset() + s * width + c * plane;
                int hi = xhat.offset() + s * width + c * plane;
                int di = dx.offset() + s * width + c * plane;
                for (int p = 0; p < plane; p++) {
                    ds[di + p] = (float) (scale * (count * gs[gi + p] - sumG - hs[hi + p] * sumGH));
                }
            }
        }
    }

    @Override
    public void batchNormEval(Mat x, int plane, double[] mean, double[] invStd, Mat gamma, Mat beta, int from, int to,
                              Mat out) {
        float[] xs = m(x).data();
        float[] os = m(out).data();
        int rows = x.rows();
        int width = x.cols();
        for (int c = from; c < to; c++) {
            double mu = mean[c];
            double inv = invStd[c];
            double ga = at(gamma, c, 1.0);
            double be = at(beta, c, 0.0);
            for (int s = 0; s < rows; s++) {
                int src = x.offset() + s * width + c * plane;
                int dst = out.offset() + s * width + c * plane;
                for (int p = 0; p < plane; p++) {
                    os[dst + p] = (float) ((xs[src + p] - mu) * inv * ga + be);
                }
            }
        }
    }

    @Override
    public void batchNormEvalBackward(Mat g, Mat x, int plane, double[] mean, double[] invStd, Mat gamma, int from,
                                      int to, Mat dgamma, Mat dbeta, Mat dx) {
        float[] gs = m(g).data();
        float[] xs = m(x).data();
        int rows = g.rows();
        int width = g.cols();
        for (int c = from; c < to; c++) {
            double mu = mean[c];
            double inv = invStd[c];
            double sumG = 0;
            double sumGH = 0;
            for (int s = 0; s < rows; s++) {
                int gi = g.offset() + s * width + c * plane;
                int xi = x.offset() + s * width + c * plane;
                for (int p = 0; p < plane; p++) {
                    double gv = gs[gi + p];
                    sumG += gv;
                    sumGH += gv * (xs[xi + p] - mu) * inv;
                }
            }
            if (dgamma != null) {
                m(dgamma).data()[dgamma.offset() + c] = (float) sumGH;
            }
            if (dbeta != null) {
                m(dbeta).data()[dbeta.offset() + c] = (float) sumG;
            }
            if (dx == null) {
                continue;
            }
            float[] ds = m(dx).data();
            double scale = at(gamma, c, 1.0) * inv;
            for (int s = 0; s < rows; s++) {
                int gi = g.offset() + s * width + c * plane;
                int di = dx.offset() + s * width + c * plane;
                for (int p = 0; p < plane; p++) {
                    ds[di + p] = (float) (gs[gi + p] * scale);
                }
            }
        }
    }

    @Override
    public void layerNorm(Mat x, Mat weight, Mat bias, double eps, int from, int to, Mat xhat, double[] invStd,
                          Mat out) {
        float[] xs = m(x).data();
        float[] hs = m(xhat).data();
        float[] os = m(out).data();
        int width = x.cols();
        for (int s = from; s < to; s++) {
            int src = x.offset() + s * width;
            double sum = 0;
            for (int i = 0; i < width; i++) {
                sum += xs[src + i];
            }
            double mu = sum / width;
            double sq = 0;
            for (int i = 0; i < width; i++) {
                double d = xs[src + i] - mu;
                sq += d * d;
            }
            double inv = 1.0 / Math.sqrt(sq / width + eps);
            invStd[s] = inv;
            int h = xhat.offset() + s * width;
            int dst = out.offset() + s * width;
            for (int i = 0; i < width; i++) {
                double n = (xs[src + i] - mu) * inv;
                hs[h + i] = (float) n;
                os[dst + i] = (float) (n * at(weight, i, 1.0) + at(bias, i, 0.0));
            }
        }
    }

    @Override
    public void layerNormBackward(Mat g, Mat xhat, double[] invStd, Mat weight, int from, int to, Mat dx) {
        float[] gs = m(g).data();
        float[] hs = m(xhat).data();
        float[] ds = m(dx).data();
        int width = g.cols();
        for (int s = from; s < to; s++) {
            int gi = g.offset() + s * width;
            int hi = xhat.offset() + s * width;
            double sumH = 0;
            double sumHX = 0;
            for (int i = 0; i < width; i++) {
                double h = gs[gi + i] * at(weight, i, 1.0);
                sumH += h;
                sumHX += h * hs[hi + i];
            }
            double scale = invStd[s] / width;
            int di = dx.offset() + s * width;
            for (int i = 0; i < width; i++) {
                double h = gs[gi + i] * at(weight, i, 1.0);
                ds[di + i] = (float) (scale * (width * h - sumH - hs[hi + i] * sumHX));
            }
        }
    }

    @Override
    public void layerNormParamGrads(Mat g, Mat xhat, int from, int to, Mat dweight, Mat dbias) {
        float[] gs = m(g).data();
        float[] hs = m(xhat).data();
        int rows = g.rows();
        int width = g.cols();
        for (int i = from; i < to; i++) {
            double sw = 0;
            double sb = 0;
            for (int s = 0; s < rows; s++) {
                double gv = gs[g.offset() + s * width + i];
                sw += gv * hs[xhat.offset() + s * width + i];
                sb += gv;
            }
            if (dweight != null) {
                m(dweight).data()[dweight.offset() + i] = (float) sw;
            }
            if (dbias != null) {
                m(dbias).data()[dbias.offset() + i] = (float) sb;
            }
        }
    }
}
