import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the unrolled register tiles of the matrix kernels, in float32 and float64, so that each micro-kernel is
 * written once, here, for every row count. Run by Maven in {@code generate-sources} of nn-core (its pom's
 * {@code tiles} execution):
 *
 * <pre>java tools/codegen/Tiles.java OUTPUT_ROOT PACKAGE ROWS[:OPTION,...]...</pre>
 *
 * <p>It writes four package-private classes into {@code OUTPUT_ROOT/PACKAGE}: {@code F32Tiles} and
 * {@code F64Tiles} (Vector API, only loaded by the vector kernels) with {@code tile<mr>} (A packed) and
 * {@code tileDirect<mr>} (op(A) read where it lies) per row count, and {@code F32Panels} and {@code F64Panels}
 * (plain Java) with {@code a<mr>}, the packing of op(A) into panels of mr rows. {@code F32VectorKernel} and
 * {@code F32Pack} (and their float64 twins) dispatch on mr to them.
 *
 * <p>Why unrolled: each accumulator, A value and row index is a local of its own, so that C2 keeps it in a
 * register (vectors in an array would be objects in memory). Why generated: the same
 * micro-kernel by hand once per row count was the largest duplication of the code base. The three templates
 * ({@link #tile}, {@link #tileDirect}, {@link #pack}) write the code the hand-written methods were, statement for
 * statement: these loops were tuned against C2's register allocator and scheduler, so a change of form is a
 * change of speed to measure, not a refactoring. A few forms are options of a row count, kept from the
 * hand-written loops of that row count (measured where {@link #tileDirect} and {@link #pack} say so):
 * <ul>
 *   <li>{@code split-direct}: {@link #tileDirect} with a loop per layout of op(A), the non-transposed one walking
 *       a row index per row, instead of one loop with a row stride;</li>
 *   <li>{@code four-columns}: {@link #pack} of a non-transposed op(A) four columns of all the rows at a time,
 *       all loads before the stores;</li>
 *   <li>{@code copy-transposed}: {@link #pack} of a transposed op(A) with one {@code System.arraycopy} per
 *       column;</li>
 *   <li>{@code padded-tail}: {@link #pack} of the last, partial panel with its zero padding in one pass instead
 *       of {@code F32Pack.generalA}.</li>
 * </ul>
 * A class is written only when its text changed (incremental builds stay incremental) and any other
 * {@code .java} file under the package's directory is deleted. Generated files live under {@code target/} and
 * are never edited: change this file.
 */
public final class Tiles {
    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
    private static final Pattern ROWS = Pattern.compile("(\\d+)(?::([a-z-]+(?:,[a-z-]+)*))?");
    static final List<String> OPTIONS = List.of("split-direct", "four-columns", "copy-transposed", "padded-tail");
    static final int MAX_ROWS = 16;

    /** A precision's names: its own, class prefix, element type, vector class, boxed type, Lanes field, zero. */
    record Precision(String name, String prefix, String type, String vector, String boxed, String lanes,
                     String zero) {
    }

    static final Precision F32 = new Precision("float32", "F32", "float", "FloatVector", "Float", "FLOAT", "0f");
    static final Precision F64 = new Precision("float64", "F64", "double", "DoubleVector", "Double", "DOUBLE", "0d");

    /** One row count and the options it is written with. */
    record Rows(int mr, Set<String> options) {
        boolean has(String option) {
            return options.contains(option);
        }
    }

    private Tiles() {
    }

    public static void main(String[] args) throws IOException {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Tiles: " + e.getMessage());
            System.err.println("usage: java Tiles.java OUTPUT_ROOT PACKAGE ROWS[:OPTION,...]... (options: "
                    + String.join(", ", OPTIONS) + ")");
            System.exit(2);
        }
    }

    static void run(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("expected an output root, a package and at least one row count, got "
                    + args.length + " argument(s)");
        }
        if (!PACKAGE.matcher(args[1]).matches()) {
            throw new IllegalArgumentException("argument 2: expected a package name such as "
                    + "org.nnj.core.internal.gemm, got '" + args[1] + "'");
        }
        List<Rows> rows = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            Rows r = parseRows(i + 1, args[i]);
            for (Rows seen : rows) {
                if (seen.mr() == r.mr()) {
                    throw new IllegalArgumentException("argument " + (i + 1) + ": row count " + r.mr()
                            + " given twice");
                }
            }
            rows.add(r);
        }
        String pkg = args[1];
        Path dir = Path.of(args[0]).resolve(pkg.replace('.', '/'));
        List<Path> written = new ArrayList<>();
        for (Precision p : List.of(F32, F64)) {
            written.add(write(dir.resolve(p.prefix() + "Tiles.java"), tilesClass(pkg, p, rows)));
            written.add(write(dir.resolve(p.prefix() + "Panels.java"), panelsClass(pkg, p, rows)));
        }
        deleteStale(dir, written);
    }

    /** {@code N} or {@code N:option,option}: a row count from 1 to {@link #MAX_ROWS} and known options. */
    static Rows parseRows(int argNo, String arg) {
        var m = ROWS.matcher(arg);
        if (!m.matches()) {
            throw new IllegalArgumentException("argument " + argNo + ": expected ROWS[:OPTION,...] such as "
                    + "'6:split-direct,four-columns', got '" + arg + "'");
        }
        int mr;
        try {
            mr = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            mr = Integer.MAX_VALUE;
        }
        if (mr < 1 || mr > MAX_ROWS) {
            throw new IllegalArgumentException("argument " + argNo + ": expected a row count from 1 to " + MAX_ROWS
                    + ", got " + m.group(1));
        }
        Set<String> options = new LinkedHashSet<>();
        if (m.group(2) != null) {
            for (String o : m.group(2).split(",")) {
                if (!OPTIONS.contains(o)) {
                    throw new IllegalArgumentException("argument " + argNo + ": unknown option '" + o + "' (known: "
                            + String.join(", ", OPTIONS) + ")");
                }
                if (!options.add(o)) {
                    throw new IllegalArgumentException("argument " + argNo + ": option '" + o + "' given twice");
                }
            }
        }
        return new Rows(mr, options);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The classes

    static String tilesClass(String pkg, Precision p, List<Rows> rows) {
        Out o = new Out(p);
        open(o, pkg, List.of("jdk.incubator.vector.$V", "jdk.incubator.vector.VectorSpecies"),
                "The $N register tiles of {@link $PVectorKernel}, unrolled per row count: mr x 2L accumulators,",
                "one FMA per accumulator per step of k, in lanes of {@link org.nnj.api.simd.Lanes}.", "$PTiles",
                "private static final VectorSpecies<$B> S = org.nnj.api.simd.Lanes.$F;", "/** Lanes per vector. */",
                "private static final int L = S.length();");
        return methods(o, rows, Tiles::tile, Tiles::tileDirect);
    }

    static String panelsClass(String pkg, Precision p, List<Rows> rows) {
        Out o = new Out(p);
        open(o, pkg, List.of(),
                "{@link $PPack#a} for the vector kernels' tile sizes: op(A) into panels of mr rows, unrolled per",
                "row count (constant strides let the JIT drop bounds checks and unroll).", "$PPanels");
        return methods(o, rows, Tiles::pack);
    }

    /**
     * The start of a generated class {@code name}: the mark, the package, the {@code imports}, two lines of
     * javadoc, the {@code fields} (lines) and the private constructor.
     */
    private static void open(Out o, String pkg, List<String> imports, String doc1, String doc2, String name,
                             String... fields) {
        o.line("// GENERATED by tools/codegen/Tiles.java: do not edit, change the generator.");
        o.line("package " + pkg + ";");
        o.line("");
        for (String i : imports) {
            o.line("import " + i + ";");
        }
        if (!imports.isEmpty()) {
            o.line("");
        }
        o.line("/**");
        o.line(" * " + doc1);
        o.line(" * " + doc2);
        o.line(" */");
        o.line("final class " + name + " {");
        o.in();
        for (String f : fields) {
            o.line(f);
        }
        if (fields.length > 0) {
            o.line("");
        }
        o.line("private " + name + "() {");
        o.line("}");
    }

    /** Each template's method for each row count, in that order, then the end of the class: the class's text. */
    @SafeVarargs
    private static String methods(Out o, List<Rows> rows, BiConsumer<Out, Rows>... templates) {
        for (BiConsumer<Out, Rows> t : templates) {
            for (Rows r : rows) {
                o.line("");
                t.accept(o, r);
            }
        }
        o.close();
        return o.text();
    }

    // ---------------------------------------------------------------------------------------------------------
    // The templates

    /**
     * {@code tile<mr>}: the mr x 2L tile on a packed panel of A ({@code ap}, mr values per step of k) and of B
     * ({@code bp}, 2L per step). Scalar loads of the mr A values first, then the broadcasts; walking indices
     * ({@code ai}, {@code bi}) instead of {@code p * stride}: C2 scheduled the 6-row loop about 15% faster that
     * way (JDK 17, measured). The 8-row tile (sixteen accumulators, two B vectors and a broadcast) is for machines
     * with 32 vector registers (AVX-512, ARM). Each output element gets the same chain of FMAs in every tile, so
     * the row count never changes a result. (Row 0 is loaded as {@code ap[ai]} in every tile; the hand-written 4-
     * and 8-row tiles had {@code ap[ai + 0]}, two bytecodes, {@code iconst_0, iadd}, that C2 folds as it parses.)
     */
    static void tile(Out o, Rows rows) {
        int mr = rows.mr();
        tileMethod(o, mr, "The " + mr + " x 2L tile on packed panels of A and B.",
                "tile" + mr + "(int kc, $T[] ap, int ao, $T[] bp, int bo, $T[] c, int co, int ldc) {", null,
                () -> kLoop(o, mr, "for (int ai = ao, end = ao + " + mr + " * kc; ai < end; ai += " + mr
                        + ", bi += 2 * L)", r -> "ap[" + plus("ai", r) + "]"));
    }

    /**
     * {@code tileDirect<mr>}: {@link #tile} reading op(A) where it lies: mr full rows from {@code a[ao]}, element
     * (r, p) at {@code a[ao + r*lda + p]} ({@code trans == false}) or {@code a[ao + p*lda + r]}
     * ({@code trans == true}); the same FMAs in the same order as on the packed copy, so the same bits. One loop
     * with a row stride {@code r1} for both layouts; with {@code split-direct} a loop per layout, the
     * non-transposed one walking a row index per row (the 6-row tile's form: on AVX2 C2 compiles its in-place
     * loop in one of two forms for the life of a process, see {@code F32Blocked}'s {@code directMaxPanels6}).
     */
    static void tileDirect(Out o, Rows rows) {
        int mr = rows.mr();
        tileMethod(o, mr, "{@link $PVectorKernel#tileDirect} of the " + mr + "-row tile.",
                "tileDirect" + mr + "(int kc, $T[] a, int ao, int lda, boolean trans, $T[] bp, int bo, $T[] c,",
                "int co, int ldc) {", () -> {
                    if (rows.has("split-direct")) {
                        o.open("if (!trans)");
                        for (int r = 1; r < mr; r++) {
                            o.line("int r" + r + " = " + (r == 1 ? "ao" : "r" + (r - 1)) + " + lda;");
                        }
                        kLoop(o, mr, "for (int p = 0; p < kc; p++, bi += 2 * L)",
                                r -> "a[" + (r == 0 ? "ao" : "r" + r) + " + p]");
                        o.out();
                        o.open("} else");
                        kLoop(o, mr, "for (int p = 0, ai = ao; p < kc; p++, ai += lda, bi += 2 * L)",
                                r -> "a[" + plus("ai", r) + "]");
                        o.close();
                    } else {
                        o.line("int step = trans ? lda : 1;");
                        o.line("int r1 = trans ? 1 : lda;");
                        kLoop(o, mr, "for (int p = 0, ai = ao; p < kc; p++, ai += step, bi += 2 * L)",
                                r -> "a[" + times("ai", r, "r1") + "]");
                    }
                });
    }

    /**
     * {@code a<mr>}: rows {@code [i0, i0+mc)} x columns {@code [p0, p0+kc)} of op(A) into panels of mr rows
     * (element (i, p) of panel q at {@code q*kc*mr + p*mr + (i - q*mr)}), whole panels with constant strides;
     * the rest, if any, by {@code F32Pack.generalA}, or with {@code padded-tail} in one pass with its zero
     * padding. Measured with the options (one thread, JDK 17): {@code four-columns} (6 rows): one column per
     * pass (six loads, six stores) packed 24 x 784 from L2 in 14-15 us, four columns in 8.4-9.4; 128 x 784, which
     * does not fit in L2 with its copy, is memory-bound either way (54-62 -> 49-54 us). {@code padded-tail}
     * (4 rows, small products): the general loop took 2.7-3.8 us for the 10 x 128 transposed op(A) of a 10-unit
     * layer's weight gradient at batch 128, this about 1.1. {@code copy-transposed} (8 rows, machines with 32
     * vector registers): a column of a transposed op(A) is eight contiguous values; a non-transposed one is
     * packed with eight loads, then eight stores, per column.
     */
    static void pack(Out o, Rows rows) {
        int mr = rows.mr();
        o.line("/** {@link $PPack#a} into panels of " + mr + " rows. */");
        String name = "static void a" + mr + "(";
        o.line(name + "boolean trans, $T[] a, int aOff, int lda, int i0, int mc, int p0, int kc,");
        o.line(" ".repeat(name.length()) + "$T[] dst, int dOff) {");
        o.in();
        o.line("int q = 0;");
        o.line("for (; q + " + mr + " <= mc; q += " + mr + ") {");
        o.in();
        o.line("int d = dOff + q * kc;");
        o.open("if (!trans)");
        o.line("int r0 = aOff + (i0 + q) * lda + p0;");
        for (int r = 1; r < mr; r++) {
            o.line("int r" + r + " = r" + (r - 1) + " + lda;");
        }
        if (rows.has("four-columns")) {
            o.line("int p = 0;");
            o.open("for (; p + 4 <= kc; p += 4)");
            for (int r = 0; r < mr; r++) {
                for (int j = 0; j < 4; j++) {
                    o.line("$T x" + r + j + " = a[" + plus("r" + r + " + p", j) + "];");
                }
            }
            o.line("int o = d + " + mr + " * p;");
            for (int j = 0; j < 4; j++) {
                for (int r = 0; r < mr; r++) {
                    o.line("dst[" + plus("o", mr * j + r) + "] = x" + r + j + ";");
                }
            }
            o.close();
            o.line("for (; p < kc; p++) {");
        } else {
            o.line("for (int p = 0; p < kc; p++) {");
        }
        o.in();
        o.line("int o = d + " + mr + " * p;");
        for (int r = 0; r < mr; r++) {
            o.line("dst[" + plus("o", r) + "] = a[r" + r + " + p];");
        }
        o.close();
        o.out();
        o.open("} else");
        o.line("int src = aOff + p0 * lda + i0 + q;");
        o.open("for (int p = 0; p < kc; p++)");
        if (rows.has("copy-transposed")) {
            o.line("System.arraycopy(a, src + p * lda, dst, d + " + mr + " * p, " + mr + ");");
        } else {
            o.line("int o = d + " + mr + " * p;");
            o.line("int si = src + p * lda;");
            for (int r = 0; r < mr; r++) {
                o.line("dst[" + plus("o", r) + "] = a[" + plus("si", r) + "];");
            }
        }
        o.close();
        o.close();
        o.close();
        if (rows.has("padded-tail")) {
            o.line("int rows = mc - q; // a last, zero-padded panel, if any: one pass instead of a copy and a zero "
                    + "fill");
            o.open("if (rows > 0)");
            o.line("int d = dOff + q * kc;");
            o.open("for (int p = 0; p < kc; p++)");
            o.line("int o = d + " + mr + " * p;");
            o.line("for (int r = 0; r < " + mr + "; r++) {");
            o.in();
            o.line("dst[o + r] = r >= rows ? $0");
            o.line("        : trans ? a[aOff + (p0 + p) * lda + i0 + q + r] : a[aOff + (i0 + q + r) * lda + p0 + p];");
            o.close();
            o.close();
            o.close();
        } else {
            o.line("$PPack.generalA(trans, a, aOff, lda, i0 + q, mc - q, p0, kc, " + mr
                    + ", dst, dOff + q * kc); // the rest, if any");
        }
        o.close();
    }

    // Parts the tile templates share.

    /**
     * A tile method: its javadoc, {@code static void} and {@code signature} (and a second line
     * {@code continued}, if not null), the 2mr zeroed accumulators, {@code bi}, the {@code loops} over k, and
     * the stores of the accumulators to C.
     */
    private static void tileMethod(Out o, int mr, String doc, String signature, String continued, Runnable loops) {
        o.line("/** " + doc + " */");
        o.line("static void " + signature);
        if (continued != null) {
            o.line(" ".repeat("static void ".length() + signature.indexOf('(') + 1) + continued);
        }
        o.in();
        for (int r = 0; r < mr; r++) {
            o.line("$V c" + r + "0 = $V.zero(S), c" + r + "1 = $V.zero(S);");
        }
        o.line("int bi = bo;");
        loops.run();
        for (int r = 0; r < mr; r++) {
            String row = times("co", r, "ldc");
            o.line("c" + r + "0.intoArray(c, " + row + ");");
            o.line("c" + r + "1.intoArray(c, " + row + " + L);");
        }
        o.close();
    }

    /**
     * One loop over k: {@code header}, then the two B vectors, the mr scalar loads of A ({@code aLoad} of a row),
     * and the 2mr FMAs, row by row.
     */
    private static void kLoop(Out o, int mr, String header, IntFunction<String> aLoad) {
        o.line(header + " {");
        o.in();
        o.line("$V b0 = $V.fromArray(S, bp, bi);");
        o.line("$V b1 = $V.fromArray(S, bp, bi + L);");
        for (int r = 0; r < mr; r++) {
            o.line("$T a" + r + " = " + aLoad.apply(r) + ";");
        }
        for (int r = 0; r < mr; r++) {
            o.line("c" + r + "0 = b0.fma($V.broadcast(S, a" + r + "), c" + r + "0);");
            o.line("c" + r + "1 = b1.fma($V.broadcast(S, a" + r + "), c" + r + "1);");
        }
        o.close();
    }

    /** {@code base}, {@code base + n}: an index plus a constant, the constant left out when it is zero. */
    static String plus(String base, int n) {
        return n == 0 ? base : base + " + " + n;
    }

    /** {@code base}, {@code base + unit}, {@code base + n * unit}. */
    static String times(String base, int n, String unit) {
        return n == 0 ? base : n == 1 ? base + " + " + unit : base + " + " + n + " * " + unit;
    }

    /** Lines at an indent, with a precision's names put in for {@code $T $V $B $F $P $0 $N}. */
    static final class Out {
        private final Precision p;
        private final StringBuilder sb = new StringBuilder(1 << 16);
        private int indent;

        Out(Precision p) {
            this.p = p;
        }

        void in() {
            indent++;
        }

        void out() {
            indent--;
        }

        /** {@code head}, an opening brace and one indent more. */
        void open(String head) {
            line(head + " {");
            in();
        }

        /** One indent less and a closing brace. */
        void close() {
            out();
            line("}");
        }

        void line(String s) {
            if (!s.isEmpty()) {
                sb.append("    ".repeat(indent)).append(s.replace("$T", p.type()).replace("$V", p.vector())
                        .replace("$B", p.boxed()).replace("$F", p.lanes()).replace("$P", p.prefix())
                        .replace("$0", p.zero()).replace("$N", p.name()));
            }
            sb.append('\n');
        }

        String text() {
            return sb.toString();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Files

    private static Path write(Path target, String text) throws IOException {
        if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target.toAbsolutePath().normalize();
    }

    private static void deleteStale(Path dir, List<Path> written) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                if (!written.contains(f.toAbsolutePath().normalize())) {
                    Files.delete(f);
                }
            }
        }
    }
}
