package org.nnj.layers;

import org.nnj.api.ConfigException;
import org.nnj.api.Shape;
import org.nnj.api.spi.Config;

/**
 * Where a window (a convolution's kernel, a pooling window) reads an image of channels x height x width: kernel
 * {@code kh x kw}, stride, dilation and padding on each side, per axis, and the output size that follows,
 * {@code out = floor((in + padBefore + padAfter - dilation * (k - 1) - 1) / stride) + 1} per axis, as PyTorch
 * computes it.
 *
 * <p>The one table every pooling layer computes with is {@link #taps()}: for output pixel {@code q = oy * outW + ox}
 * and tap {@code t = ky * kw + kx}, {@code taps[q * kh * kw + t]} is the offset {@code y * inW + x} of the input
 * pixel the tap reads within one channel's plane, or -1 where it falls into the padding. So the index arithmetic
 * exists once, and the loops over pixels that use it are plain gathers and scatters over primitive arrays.
 */
final class Window {
    final int channels;
    final int inH;
    final int inW;
    final int kh;
    final int kw;
    final int strideH;
    final int strideW;
    final int dilationH;
    final int dilationW;
    final int padTop;
    final int padLeft;
    final int padBottom;
    final int padRight;
    final int outH;
    final int outW;
    private final int[] taps;
    /** Whether every tap of output pixel q reads the input (none falls into the padding). */
    private final boolean[] inside;

    private Window(int channels, int inH, int inW, int[] k, int[] stride, int[] dilation, int padTop, int padLeft,
                   int padBottom, int padRight, int outH, int outW) {
        this.channels = channels;
        this.inH = inH;
        this.inW = inW;
        this.kh = k[0];
        this.kw = k[1];
        this.strideH = stride[0];
        this.strideW = stride[1];
        this.dilationH = dilation[0];
        this.dilationW = dilation[1];
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.padBottom = padBottom;
        this.padRight = padRight;
        this.outH = outH;
        this.outW = outW;
        int kk = kk();
        int[] t = new int[Math.multiplyExact(outH * outW, kk)];
        boolean[] in = new boolean[outH * outW];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                int base = (oy * outW + ox) * kk;
                boolean all = true;
                for (int ky = 0; ky < kh; ky++) {
                    int y = oy * strideH - padTop + ky * dilationH;
                    for (int kx = 0; kx < kw; kx++) {
                        int x = ox * strideW - padLeft + kx * dilationW;
                        boolean hit = y >= 0 && y < inH && x >= 0 && x < inW;
                        t[base + ky * kw + kx] = hit ? y * inW + x : -1;
                        all &= hit;
                    }
                }
                in[oy * outW + ox] = all;
            }
        }
        this.taps = t;
        this.inside = in;
    }

    /** A pair as a spec would say it in a message: {@code 2} when both axes agree, else {@code 3x5}. */
    static String text(int[] pair) {
        return pair[0] == pair[1] ? Integer.toString(pair[0]) : pair[0] + "x" + pair[1];
    }

    /**
     * The padding of a configured layer's {@code "padding"}: {@code null} for "same", else rows and columns per
     * side ({@code {0, 0}} for "valid").
     */
    static int[] padding(Config c) {
        Object p = c.asMap().get("padding");
        if ("same".equals(p)) {
            return null;
        }
        return "valid".equals(p) ? new int[] {0, 0} : c.axes("padding");
    }

    /**
     * The window of {@code what} ("convolved", "pooled") over {@code input}, which must be channels x height x
     * width; each of {@code k}, {@code stride}, {@code dilation} and {@code pad} is {@code {height, width}}.
     * {@code pad} is the rows (top and bottom) and columns (left and right) of zeros, or null for "same" (stride 1
     * only: the output keeps the input's height and width; an odd total goes to the bottom and right, as in
     * PyTorch).
     *
     * @param whole whether the windows must cover the padded input exactly (else the remainder is dropped, as
     *              PyTorch does)
     * @throws ConfigException with an empty path, naming the input shape, when the window does not fit
     */
    static Window of(Shape input, String what, int[] k, int[] stride, int[] dilation, int[] pad, boolean whole) {
        if (!input.isImage()) {
            throw new ConfigException("", "expected an input of channels x height x width, got " + input
                    + (input.isFlat() ? " (a flat vector; give the spec's input as [channels, height, width])" : ""));
        }
        int c = input.dim(0);
        int h = input.dim(1);
        int w = input.dim(2);
        int spanH = dilation[0] * (k[0] - 1) + 1;
        int spanW = dilation[1] * (k[1] - 1) + 1;
        int top;
        int bottom;
        int left;
        int right;
        String padText;
        if (pad == null) {
            if (stride[0] != 1 || stride[1] != 1) {
                throw new ConfigException("", "padding \"same\" needs stride 1 (as in PyTorch), got stride "
                        + text(stride) + "; give the padding as a number");
            }
            top = (spanH - 1) / 2;
            bottom = spanH - 1 - top;
            left = (spanW - 1) / 2;
            right = spanW - 1 - left;
            padText = "same";
        } else {
            top = pad[0];
            bottom = pad[0];
            left = pad[1];
            right = pad[1];
            padText = text(pad);
        }
        boolean padded = top + bottom + left + right > 0;
        String kernel = k[0] + "x" + k[1] + (dilation[0] > 1 || dilation[1] > 1 ? " with dilation "
                + text(dilation) : "");
        if (h + top + bottom < spanH || w + left + right < spanW) {
            throw new ConfigException("", "input " + input + " is smaller than the " + kernel + " window"
                    + (padded ? " with padding " + padText : ""));
        }
        int outH = (h + top + bottom - spanH) / stride[0] + 1;
        int outW = (w + left + right - spanW) / stride[1] + 1;
        if (whole && ((h + top + bottom - spanH) % stride[0] != 0 || (w + left + right - spanW) % stride[1] != 0)) {
            throw new ConfigException("", "input " + input + " cannot be " + what + " by " + kernel + " with stride "
                    + text(stride) + (padded ? " and padding " + padText : "") + " to a whole size (set "
                    + "\"drop_remainder\": true to drop the last rows and columns, as PyTorch does)");
        }
        if ((long) c * outH * outW * k[0] * k[1] > Integer.MAX_VALUE - 8) {
            throw new ConfigException("", "input " + input + " with a " + kernel + " window needs more taps than one "
                    + "Java array holds");
        }
        return new Window(c, h, w, k, stride, dilation, top, left, bottom, right, outH, outW);
    }

    /** Pixels of one input channel. */
    int inPlane() {
        return inH * inW;
    }

    /** Pixels of one output channel. */
    int outPlane() {
        return outH * outW;
    }

    /** Taps per window. */
    int kk() {
        return kh * kw;
    }

    /** The output shape for {@code outChannels} channels. */
    Shape output(int outChannels) {
        return Shape.image(outChannels, outH, outW);
    }

    /** Whether no tap of output pixel {@code q} falls into the padding. */
    boolean inside(int q) {
        return inside[q];
    }

    /** See the class comment; shared, not to be written. */
    int[] taps() {
        return taps;
    }
}
