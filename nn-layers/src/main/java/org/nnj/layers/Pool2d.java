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
                Param.integer("kernel_size", null, "height and width of each window").atLeast(1),
                Param.integer("stride", null, "step between windows, both axes; by default kernel_size").atLeast(1)
                        .optional(),
                Param.integer("padding", 0L, "implicit padding on every side, at most kernel_size / 2").atLeast(0)));
        if (dilation) {
            p.add(Param.integer("dilation", 1L, "spacing between window taps").atLeast(1));
        }
        p.add(Param.bool("drop_remainder", false, "drop the last rows and columns that do not fill a window, as "
                + "PyTorch does; by default such an input is an error"));
        p.addAll(List.of(more));
        return List.copyOf(p);
    }

    /** The window of a configured pooling layer over {@code input}. */
    static Window window(Config c, Shape input, boolean dilation) {
        int k = c.integer("kernel_size");
        int pad = c.integer("padding");
        if (pad > k / 2) {
            throw new ConfigException("", "padding " + pad + " is more than half the " + k + "x" + k
                    + " window (as PyTorch requires, at most " + k / 2 + ")");
        }
        int stride = c.has("stride") ? c.integer("stride") : k;
        return Window.of(input, "pooled", k, stride, dilation ? c.integer("dilation") : 1, Integer.toString(pad),
                !c.bool("drop_remainder"));
    }
}
