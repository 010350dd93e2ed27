package p;

/** Sums float32 values; FLOAT32 only. */
// @twin
final class F32Sample {
    static final float HALF = 0.5f;
    static final float TINY = 1e-3F;
    static final int COUNT = 3; // 3 is not a float literal, nor is x3f or 0x3f
    static final String NAME = "F32Sample"; // F32 in a string too
    static final String FORMAT = "%.1f of 2f, 'x' " + 'f' + 0.25f + "\"1f"; // a format is not a literal: 2f

    static float sum(float[] a) {
        float s = 0f;
        for (float v : a) {
            s += v;
        }
        return (float) (s * HALF); // @f64: return s * HALF;
    }

    static int bits(float v) {
        return Float.floatToIntBits(v); // @f32-only
        // @f64-only: return (int) Double.doubleToLongBits(v);
    }

    static String kept() {
        return "float stays"; // @keep
    }

    /** A float32 comment that compares with float64 and Float64Twin keeps the float64 words. */
    static void compared() {
    }
    // @f32-only-begin
    static void onlyHere() {
    }
    // @f32-only-end
    // @f64-only-begin
    // static void onlyThere() {
    // }
    // @f64-only-end
}
