package org.nnj.core.trace;

import org.apiguardian.api.API;

/**
 * The symbols a trace prints. Layers are numbered from 1 in the order of the spec; units, inputs and targets from
 * 1 as well. The defaults are {@code x1}, {@code a[1]_2}, {@code z[1]_2}, {@code w[1]_21} (into unit 2 of layer 1
 * from its input 1), {@code b[1]_2} and {@code y1}; the worked example overrides them with the article's names.
 */
@API(status = API.Status.EXPERIMENTAL)
public interface TraceNames {

    default String input(int k) {
        return "x" + k;
    }

    default String target(int j) {
        return "y" + j;
    }

    /** The activation of unit j of layer l. */
    default String activation(int layer, int j) {
        return "a[" + layer + "]_" + j;
    }

    /** The weighted input of unit j of layer l. */
    default String weightedInput(int layer, int j) {
        return "z[" + layer + "]_" + j;
    }

    /** The weight into unit j of layer l from input k of that layer. */
    default String weight(int layer, int j, int k) {
        return "w[" + layer + "]_" + j + k;
    }

    default String bias(int layer, int j) {
        return "b[" + layer + "]_" + j;
    }

    /** The defaults. */
    static TraceNames standard() {
        return new TraceNames() {
        };
    }
}
