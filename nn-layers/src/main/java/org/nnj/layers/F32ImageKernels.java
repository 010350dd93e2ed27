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

    /** The first output column {@code o} whose input column {@code o * stride - pad + tap} is at least 0. */
    private static int firstInside(int pad, int tap, int stride) {
        int need = pad - tap;
        return need <= 0 ? 0 : (need + stride - 1) / stride;
    }

    /** One past the last output column {@code o < outW} whose input column is below {@code inW}. */
    private static int endInside(int pad, int tap, int stride, int inW, int outW) {
        int last = inW - 1 + pad - tap;
        return last < 0 ? 0 : Math.min(outW, last / stride + 1);
    }

    @Override
    public void im2col(Mat x, Window w, int first, int from, int to, Mat cols) {
        float[] xs = m(x).data();
        float[] cs = m(cols).data();
        int kh = w.kh;
        int kw = w.kw;
        int sx = w.strideW;
        int plane = w.inPlane();
        int outPlane = w.outPlane();
        int colStride = cols.cols();
        for (int s = from; s < to; s++) {
            int xRow = x.offset() + s * x.cols();
            int colBase = cols.offset() + (s - first) * outPlane;
            for (int c = 0; c < w.channels; c++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int row = colBase + ((c * kh + ky) * kw + kx) * colStride;
                        int tx = kx * w.dilationW;
                        int lo = Math.min(w.outW, firstInside(w.padLeft, tx, sx));
                        int hi = Math.max(lo, endInside(w.padLeft, tx, sx, w.inW, w.outW));
                        for (int oy = 0; oy < w.outH; oy++) {
                            int y = oy * w.strideH - w.padTop + ky * w.dilationH;
                            int dst = row + oy * w.outW;
                            if (y < 0 || y >= w.inH) {
                                java.util.Arrays.fill(cs, dst, dst + w.outW, 0f);
                                continue;
                            }
                            java.util.Arrays.fill(cs, dst, dst + lo, 0f);
                            int src = xRow + c * plane + y * w.inW - w.padLeft + tx;
                            if (sx == 1) {
                                System.arraycopy(xs, src + lo, cs, dst + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    cs[dst + ox] = xs[src + ox * sx];
                                }
                            }
                            java.util.Arrays.fill(cs, dst + hi, dst + w.outW, 0f);
                        }
                    }
                }
            }
        }
    }

    @Override
    public void col2im(Mat dcols, Window w, int first, int from, int to, Mat dx) {
        float[] cs = m(dcols).data();
        float[] ds = m(dx).data();
        int kh = w.kh;
        int kw = w.kw;
        int sx = w.strideW;
        int plane = w.inPlane();
        int outPlane = w.outPlane();
        int colStride = dcols.cols();
        for (int s = from; s < to; s++) {
            int dRow = dx.offset() + s * dx.cols();
            java.util.Arrays.fill(ds, dRow, dRow + dx.cols(), 0f);
            int colBase = dcols.offset() + (s - first) * outPlane;
            for (int c = 0; c < w.channels; c++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int row = colBase + ((c * kh + ky) * kw + kx) * colStride;
                        int tx = kx * w.dilationW;
                        int lo = Math.min(w.outW, firstInside(w.padLeft, tx, sx));
                        int hi = Math.max(lo, endInside(w.padLeft, tx, sx, w.inW, w.outW));
                        for (int oy = 0; oy < w.outH; oy++) {
                            int y = oy * w.strideH - w.padTop + ky * w.dilationH;
                            if (y < 0 || y >= w.inH) {
                                continue;
                            }
                            int src = row + oy * w.outW;
                            int dst = dRow + c * plane + y * w.inW - w.padLeft + tx;
                            if (sx == 1) {
                                for (int ox = lo; ox < hi; ox++) {
                                    ds[dst + ox] += cs[src + ox];
                                }
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    ds[dst + ox * sx] += cs[src + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void toChannelMajor(Mat tmp, Mat bias, int first, int from, int to, int plane, Mat out) {
        float[] ts = m(tmp).data();
        float[] os = m(out).data();
        int filters = tmp.rows();
        int stride = tmp.cols();
        for (int s = from; s < to; s++) {
            for (int f = 0; f < filters; f++) {
                int src = tmp.offset() + f * stride + (s - first) * plane;
                int dst = out.offset() + s * out.cols() + f * plane;
                if (bias == null) {
                    System.arraycopy(ts, src, os, dst, plane);
                } else {
                    float b = m(bias).data()[bias.offset() + f];
                    for (int q = 0; q < plane; q++) {
                        os[dst + q] = ts[src + q] + b;
                    }
                }
            }
        }
    }

    @Override
    public void fromChannelMajor(Mat g, int first, int from, int to, int plane, Mat tmp) {
        float[] gs = m(g).data();
        float[] ts = m(tmp).data();
        int filters = tmp.rows();
        int stride = tmp.cols();
        for (int s = from; s < to; s++) {
            for (int f = 0; f < filters; f++) {
                System.arraycopy(gs, g.offset() + s * g.cols() + f * plane, ts, tmp.offset() + f * stride
                        + (s - first) * plane, plane);
            }
        }
    }

    @Override
    public void rowSums(Mat source, double beta, int from, int to, Mat target) {
        float[] ss = m(source).data();
        float[] ts = m(target).data();
        int n = source.cols();
        for (int r = from; r < to; r++) {
            int at = source.offset() + r * n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += ss[at + i];
            }
            int t = target.offset() + r;
            ts[t] = (float) (beta == 0 ? sum : beta * ts[t] + sum);
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
                    int at = w.inside(q) ? fastArgmax(xs, xc, taps, tq, kk) : -1;
                    if (at < 0) {
                        at = exactArgmax(xs, xc, taps, tq, kk);
                    }
                    os[oRow + c * outPlane + q] = xs[xc + at];
                    argmax[aRow + c * outPlane + q] = c * plane + at;
                }
            }
        }
    }

    /**
     * The winner of a window without padding taps, without branches on the values (the winner's place is random:
     * a branch would miss about half the time): Math.max for the largest value, then the first tap equal to it by
     * integer arithmetic on the bits of the difference. -1 when the largest value is not finite (a NaN, an
     * infinity): the exact loop decides those.
     */
    private static int fastArgmax(float[] xs, int xc, int[] taps, int tq, int kk) {
        if (kk == 4) {
            return fastArgmax4(xs, xc, taps[tq], taps[tq + 1], taps[tq + 2], taps[tq + 3]);
        }
        float best = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < kk; t++) {
            best = Math.max(best, xs[xc + taps[tq + t]]);
        }
        if (!(best > Float.NEGATIVE_INFINITY && best < Float.POSITIVE_INFINITY)) {
            return -1;
        }
        int at = 0;
        for (int t = kk - 1; t >= 0; t--) {
            int tap = taps[tq + t];
            float d = xs[xc + tap] - best;
            int eq = -(((Float.floatToRawIntBits(d) & 0x7fffffff) - 1) >>> 31); // @f64: int eq = (int) -(((Double.doubleToRawLongBits(d) & 0x7fffffffffffffffL) - 1) >>> 63);
            at = (at & ~eq) | (tap & eq);
        }
        return at;
    }

    /** {@link #fastArgmax} for 2 x 2 windows, written out (a loop of four runs slower than its body). */
    private static int fastArgmax4(float[] xs, int xc, int t0, int t1, int t2, int t3) {
        float v0 = xs[xc + t0];
        float v1 = xs[xc + t1];
        float v2 = xs[xc + t2];
        float v3 = xs[xc + t3];
        float best = Math.max(Math.max(v0, v1), Math.max(v2, v3));
        if (!(best > Float.NEGATIVE_INFINITY && best < Float.POSITIVE_INFINITY)) {
            return -1;
        }
        int at = t3;
        at = select(v2 - best, t2, at);
        at = select(v1 - best, t1, at);
        return select(v0 - best, t0, at);
    }

    /** {@code d == 0 ? tap : at} by integer arithmetic on the bits of {@code d}, without a branch. */
    private static int select(float d, int tap, int at) {
        int eq = -(((Float.floatToRawIntBits(d) & 0x7fffffff) - 1) >>> 31); // @f64: int eq = (int) -(((Double.doubleToRawLongBits(d) & 0x7fffffffffffffffL) - 1) >>> 63);
        return (at & ~eq) | (tap & eq);
    }

    /**
     * The winner of one window as PyTorch picks it: the first largest value, a NaN over any number, the last NaN
     * over an earlier one; the first valid tap when no value is above -inf.
     */
    private static int exactArgmax(float[] xs, int xc, int[] taps, int tq, int kk) {
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
        return at;
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
