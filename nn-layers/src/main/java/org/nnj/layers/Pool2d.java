package org.nnj.layers;

import java.util.ArrayList;
import java.util.List;
import org.nnj.api.ConfigException;
import org.nnj.api.Shape;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Param;

/** What {@link MaxPool2d} and {@link AvgPool2d} share: their window parameters and how they are checked. */
final class Pool2d {
    private Pool2d() {
    }

    /** The window parameters; {@code dilation} only where PyTorch has it (max pooling). */
    static List<Param> params(boolean dilation, Param... more) {
        List<Param> p = new ArrayList<>(List.of(
                Param.integer("kernel_size", null, "height and width of each window").atLeast(1).orPerAxis(),
                Param.integer("stride", null, "step between windows; by default kernel_size").atLeast(1)
                        .orPerAxis().optional(),
                Param.integer("padding", 0L, "implicit padding: rows at top and bottom, columns at left and right, "
                        + "at most half the kernel on its axis").atLeast(0).orPerAxis()));
        if (dilation) {
            p.add(Param.integer("dilation", 1L, "spacing between window taps").atLeast(1).orPerAxis());
        }
        p.add(Param.bool("drop_remainder", false, "drop the last rows and columns that do not fill a window, as "
                + "PyTorch does; by default such an input is an error"));
        p.addAll(List.of(more));
        return List.copyOf(p);
    }

    /** The window of a configured pooling layer over {@code input}. */
    static Window window(Config c, Shape input, boolean dilation) {
        int[] k = c.axes("kernel_size");
        int[] pad = c.axes("padding");
        if (pad[0] > k[0] / 2 || pad[1] > k[1] / 2) {
            throw new ConfigException("", "padding " + Window.text(pad) + " is more than half the " + k[0] + "x"
                    + k[1] + " window (as PyTorch requires, at most " + Window.text(new int[] {k[0] / 2, k[1] / 2})
                    + ")");
        }
        int[] stride = c.has("stride") ? c.axes("stride") : k;
        return Window.of(input, "pooled", k, stride, dilation ? c.axes("dilation") : new int[] {1, 1}, pad,
                !c.bool("drop_remainder"));
    }
}
