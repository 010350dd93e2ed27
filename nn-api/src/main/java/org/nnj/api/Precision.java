package org.nnj.api;

import java.util.Locale;
import org.apiguardian.api.API;

/** The floating-point width a network computes in. */
@API(status = API.Status.STABLE)
public enum Precision {
    /** 32-bit floats: the default for training speed. */
    FLOAT32,
    /** 64-bit doubles: exact examples and gradient checks. */
    FLOAT64;

    /** Parses {@code float32}/{@code f32}/{@code float}/{@code float64}/{@code f64}/{@code double}, any case. */
    public static Precision parse(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "float32": case "f32": case "float": return FLOAT32;
            case "float64": case "f64": case "double": return FLOAT64;
            default: throw new IllegalArgumentException(
                    "unknown precision \"" + text + "\"; expected float32 or float64");
        }
    }

    /** The lowercase name used in spec and model files. */
    public String id() {
        return this == FLOAT32 ? "float32" : "float64";
    }
}
