package org.nnj.layers;

import org.nnj.api.ConfigException;
import org.nnj.api.Shape;

/**
 * Where a square window (a convolution's kernel, a pooling window) reads an image of channels x height x width:
 * kernel {@code k}, stride, dilation, and padding on each side, and the output size that follows,
 * {@code out = floor((in + padBefore + padAfter - dilation * (k - 1) - 1) / stride) + 1} per axis, as PyTorch
 * computes it.
 *
 * <p>The one table every layer here computes with is {@link #taps()}: for output pixel {@code q = oy * outW + ox}
 * and tap {@code t = ky * k + kx}, {@code taps[q * k * k + t]} is the offset {@code y * inW + x} of the input pixel
 * the tap reads within one channel's plane, or -1 where it falls into the padding. So the index arithmetic exists
 * once, and the loops over pixels that use it are plain gathers and scatters over primitive arrays.
 */
final class Window {
    final int channels;
    final int inH;
    final int inW;
    final int k;
    final int stride;
    final int dilation;
    final int padTop;
    final int padLeft;
    final int padBottom;
    final int padRight;
    final int outH;
    final int outW;
    private final int[] taps;
    /** Whether every tap of output pixel q reads the input (none falls into the padding). */
    private final boolean[] inside;

    private Window(int channels, int inH, int inW, int k, int stride, int dilation, int padTop, int padLeft,
                   int padBottom, int padRight, int outH, int outW) {
        this.channels = channels;
        this.inH = inH;
        this.inW = inW;
        this.k = k;
        this.stride = stride;
        this.dilation = dilation;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.padBottom = padBottom;
        this.padRight = padRight;
        this.outH = outH;
        this.outW = outW;
        this.taps = new int[Math.multiplyExact(outH * outW, k * k)];
        this.inside = new boolean[outH * outW];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                int base = (oy * outW + ox) * k * k;
                for (int ky = 0; ky < k; ky++) {
                    int y = oy * stride - padTop + ky * dilation;
                    for (int kx = 0; kx < k; kx++) {
                        int x = ox * stride - padLeft + kx * dilation;
                        taps[base + ky * k + kx] = y < 0 || y >= inH || x < 0 || x >= inW ? -1 : y * inW + x;
                    }
                }
                boolean all = true;
                for (int t = 0; t < k * k; t++) {
                    all &= taps[base + t] >= 0;
                }
                inside[oy * outW + ox] = all;
            }
        }
    }

    /**
     * The window of {@code what} ("convolved", "pooled") over {@code input}, which must be channels x height x
     * width. {@code padding} is "valid" (none), "same" (stride 1 only: the output keeps the input's height and
     * width; an odd total goes to the bottom and right, as in PyTorch) or a whole number for every side.
     *
     * @param whole whether the windows must cover the padded input exactly (else the remainder is dropped, as
     *              PyTorch does)
     * @throws ConfigException with an empty path, naming the input shape, when the window does not fit
     */
    static Window of(Shape input, String what, int k, int stride, int dilation, String padding, boolean whole) {
        if (!input.isImage()) {
            throw new ConfigException("", "expected an input of channels x height x width, got " + input
                    + (input.isFlat() ? " (a flat vector; give the spec's input as [channels, height, width])" : ""));
        }
        int c = input.dim(0);
        int h = input.dim(1);
        int w = input.dim(2);
        int span = dilation * (k - 1) + 1;
        int before;
        int after;
        if ("valid".equals(padding)) {
            before = 0;
            after = 0;
        } else if ("same".equals(padding)) {
            if (stride != 1) {
                throw new ConfigException("", "padding \"same\" needs stride 1 (as in PyTorch), got stride " + stride
                        + "; give the padding as a number");
            }
            before = (span - 1) / 2;
            after = span - 1 - before;
        } else {
            before = Integer.parseInt(padding);
            after = before;
        }
        String kernel = k + "x" + k + (dilation > 1 ? " with dilation " + dilation : "");
        if (h + before + after < span || w + before + after < span) {
            throw new ConfigException("", "input " + input + " is smaller than the " + kernel + " window"
                    + (before + after > 0 ? " with padding " + padding : ""));
        }
        int outH = (h + before + after - span) / stride + 1;
        int outW = (w + before + after - span) / stride + 1;
        if (whole && ((h + before + after - span) % stride != 0 || (w + before + after - span) % stride != 0)) {
            throw new ConfigException("", "input " + input + " cannot be " + what + " by " + kernel + " with stride "
                    + stride + (before + after > 0 ? " and padding " + padding : "") + " to a whole size (set "
                    + "\"drop_remainder\": true to drop the last rows and columns, as PyTorch does)");
        }
        if ((long) c * outH * outW * k * k > Integer.MAX_VALUE - 8) {
            throw new ConfigException("", "input " + input + " with a " + kernel + " window needs more taps than one "
                    + "Java array holds");
        }
        return new Window(c, h, w, k, stride, dilation, before, before, after, after, outH, outW);
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
        return k * k;
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
