package org.nnj.api.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.PluginRef;

/**
 * One typed, named plugin parameter with its default and valid range, e.g.
 * {@code Param.real("beta", 1.0, "steepness").greaterThan(0)}.
 *
 * <p>A parameter whose default is {@code null} is required. Numeric ranges are checked by {@link Config#resolve};
 * {@code min}/{@code max} are infinite when unbounded.
 *
 * @param name          the key in a spec file (lowercase, '_' between words)
 * @param type          the value type
 * @param defaultValue  the default ({@link Double}, {@link Long}, {@link Boolean}, {@link String} or
 *                      {@link PluginRef}), or {@code null} if the parameter must be given
 * @param min           lower bound of a numeric parameter
 * @param minInclusive  whether {@code min} itself is allowed
 * @param max           upper bound of a numeric parameter
 * @param maxInclusive  whether {@code max} itself is allowed
 * @param choices       the allowed values of a string parameter, or empty for any string
 * @param pluginKind    for {@link Type#PLUGIN}: the kind of plugin named (e.g. {@code "activation"})
 * @param description   one line for {@code nn plugins}
 * @param wholeNumbers  for {@link Type#STRING}: a whole number {@code >= 0} is accepted too, and read as its decimal
 *                      text (a convolution's {@code "padding": "same"} or {@code "padding": 1})
 * @param perAxis       for {@link Type#INT} and whole-number strings: a list of two whole numbers, one per image
 *                      axis ({@code [height, width]}), is accepted too, e.g. {@code "kernel_size": [3, 5]}; read
 *                      with {@link Config#axes}; set with {@link #orPerAxis()}
 */
@API(status = API.Status.STABLE)
public record Param(String name, Type type, Object defaultValue,
                    double min, boolean minInclusive, double max, boolean maxInclusive,
                    List<String> choices, String pluginKind, String description, boolean wholeNumbers,
                    boolean perAxis) {

    /** Value types of parameters. */
    public enum Type {
        /** A double. */
        REAL,
        /** A whole number, stored as a {@link Long}. */
        INT,
        BOOL,
        STRING,
        /** Another plugin, by name with optional parameters ({@link PluginRef}). */
        PLUGIN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A parameter that takes no whole numbers in place of a string. */
    public Param(String name, Type type, Object defaultValue, double min, boolean minInclusive, double max,
                 boolean maxInclusive, List<String> choices, String pluginKind, String description) {
        this(name, type, defaultValue, min, minInclusive, max, maxInclusive, choices, pluginKind, description, false,
                false);
    }

    /** A parameter that takes no list of values per axis. */
    public Param(String name, Type type, Object defaultValue, double min, boolean minInclusive, double max,
                 boolean maxInclusive, List<String> choices, String pluginKind, String description,
                 boolean wholeNumbers) {
        this(name, type, defaultValue, min, minInclusive, max, maxInclusive, choices, pluginKind, description,
                wholeNumbers, false);
    }

    public Param {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (perAxis && type != Type.INT && !(type == Type.STRING && wholeNumbers)) {
            throw new IllegalArgumentException("parameter \"" + name + "\": only whole numbers can be given per axis");
        }
        choices = List.copyOf(choices);
        description = description == null ? "" : description;
    }

    public static Param real(String name, Double defaultValue, String description) {
        return new Param(name, Type.REAL, defaultValue, Double.NEGATIVE_INFINITY, true,
                Double.POSITIVE_INFINITY, true, List.of(), null, description);
    }

    public static Param integer(String name, Long defaultValue, String description) {
        return new Param(name, Type.INT, defaultValue, Long.MIN_VALUE, true, Long.MAX_VALUE, true,
                List.of(), null, description);
    }

    public static Param integer(String name, long defaultValue, String description) {
        return integer(name, Long.valueOf(defaultValue), description);
    }

    public static Param bool(String name, boolean defaultValue, String description) {
        return new Param(name, Type.BOOL, defaultValue, 0, true, 0, true, List.of(), null, description);
    }

    public static Param string(String name, String defaultValue, List<String> choices, String description) {
        return new Param(name, Type.STRING, defaultValue, 0, true, 0, true, choices, null, description);
    }

    /**
     * A string parameter that also takes a whole number {@code >= 0}, e.g. padding: {@code "valid"},
     * {@code "same"} or {@code 2}. {@link Config#string} gives the number as its decimal text ({@code "2"}).
     */
    public static Param stringOrWholeNumber(String name, String defaultValue, List<String> choices, String description) {
        return new Param(name, Type.STRING, defaultValue, 0, true, Long.MAX_VALUE, true, choices, null, description,
                true);
    }

    /** A parameter naming another plugin of {@code kind}; {@code defaultName} may be null (required or "auto"). */
    public static Param plugin(String name, String kind, String defaultName, String description) {
        return new Param(name, Type.PLUGIN, defaultName == null ? null : PluginRef.of(defaultName),
                0, true, 0, true, List.of(), kind, description);
    }

    /** This parameter, also allowed to be absent with no default ({@link Config#has} is then false). */
    public Param optional() {
        return new Param(name, type, defaultValue, min, minInclusive, max, maxInclusive, choices, pluginKind,
                description.endsWith("(optional)") ? description : description + " (optional)", wholeNumbers, perAxis);
    }

    /**
     * This parameter, also taking one value per image axis: {@code [height, width]} as well as one number for both
     * (PyTorch's {@code kernel_size=3} or {@code kernel_size=(3, 5)}).
     */
    public Param orPerAxis() {
        return new Param(name, type, defaultValue, min, minInclusive, max, maxInclusive, choices, pluginKind,
                description, wholeNumbers, true);
    }

    public boolean isOptional() {
        return description.endsWith("(optional)");
    }

    public Param atLeast(double bound) {
        return new Param(name, type, defaultValue, bound, true, max, maxInclusive, choices, pluginKind, description, wholeNumbers,
                perAxis);
    }

    public Param greaterThan(double bound) {
        return new Param(name, type, defaultValue, bound, false, max, maxInclusive, choices, pluginKind, description, wholeNumbers,
                perAxis);
    }

    public Param atMost(double bound) {
        return new Param(name, type, defaultValue, min, minInclusive, bound, true, choices, pluginKind, description, wholeNumbers,
                perAxis);
    }

    public Param lessThan(double bound) {
        return new Param(name, type, defaultValue, min, minInclusive, bound, false, choices, pluginKind, description, wholeNumbers,
                perAxis);
    }

    public boolean isRequired() {
        return defaultValue == null && !isOptional();
    }

    /** Whether {@code value} lies in this parameter's numeric range. */
    public boolean inRange(double value) {
        boolean lowOk = minInclusive ? value >= min : value > min;
        boolean highOk = maxInclusive ? value <= max : value < max;
        return lowOk && highOk && !Double.isNaN(value);
    }

    /** The range in interval notation, e.g. {@code (0, inf)}, or empty if unbounded. */
    public String rangeText() {
        boolean lowUnbounded = type == Type.INT ? min == Long.MIN_VALUE : min == Double.NEGATIVE_INFINITY;
        boolean highUnbounded = type == Type.INT ? max == Long.MAX_VALUE : max == Double.POSITIVE_INFINITY;
        if (type != Type.REAL && type != Type.INT || lowUnbounded && highUnbounded) {
            return "";
        }
        return (minInclusive && !lowUnbounded ? "[" : "(") + (lowUnbounded ? "-inf" : fmt(min)) + ", "
                + (highUnbounded ? "inf" : fmt(max)) + (maxInclusive && !highUnbounded ? "]" : ")");
    }

    private String fmt(double v) {
        return type == Type.INT || v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A one-line summary: {@code beta: real = 1.0 in (0, inf) -- steepness}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(name).append(": ").append(type.id());
        if (pluginKind != null) {
            sb.append(' ').append(pluginKind);
        }
        if (defaultValue != null) {
            sb.append(" = ").append(defaultValue);
        } else if (!isOptional()) {
            sb.append(" (required)");
        }
        String range = rangeText();
        if (!range.isEmpty()) {
            sb.append(" in ").append(range);
        }
        if (!choices.isEmpty()) {
            sb.append(" one of ").append(choices);
        }
        if (wholeNumbers) {
            sb.append(choices.isEmpty() ? " or" : ",").append(" a whole number >= ").append(fmt(min));
        }
        if (perAxis) {
            sb.append(", or one per axis [height, width]");
        }
        if (!description.isEmpty()) {
            sb.append(" -- ").append(description);
        }
        return sb.toString();
    }
}
