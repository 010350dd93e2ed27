package org.nnj.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
import org.nnj.api.PluginRef;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.Plugin;
import org.nnj.api.spi.PluginKind;

/**
 * The checks every plugin kind shares: its name, its parameters, its configuration round trip and its
 * discovery through {@link ServiceLoader}. Kind-specific contracts ({@link ActivationContract},
 * {@link LossContract}, and the layer, optimizer and initializer contracts) extend this class, supply
 * {@link #plugin()} and {@link #kind()}, and say what "behaves the same" means for their kind in
 * {@link #assertSameBehaviour}.
 *
 * <p>A plugin's test supplies the instance (its default configuration), and may add
 * {@link #parameterVariants()}, non-default parameter values that every numerical check of the kind contract
 * also runs with (see {@link #instances()}), and {@link #invalidParameters()}, combinations the plugin must
 * reject. Out-of-range values of numeric parameters are derived from each {@link Param}'s declared range.
 *
 * <p>Random data comes from {@link #random(String)}, seeded, so a failure reproduces exactly.
 */
@API(status = API.Status.STABLE)
public abstract class PluginContract<T extends Plugin<T>> {
    /** Allowed plugin names and aliases. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
    /** Allowed parameter names. */
    public static final Pattern PARAM_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    /** The seed behind {@link #random(String)}. */
    public static final long SEED = 20240917L;

    /** A fresh instance of the plugin under test, as its public no-argument constructor makes it. */
    protected abstract T plugin();

    /** The plugin kind, whose SPI interface {@link ServiceLoader} looks up. */
    protected abstract PluginKind<T> kind();

    /**
     * Checks that two instances configured alike behave identically (same outputs, bit for bit), adding a
     * problem to {@code failures} otherwise.
     */
    protected abstract void assertSameBehaviour(T expected, T actual, ContractFailures failures);

    /** Raw parameter values (as in a spec file) for further configurations to check; none by default. */
    protected List<Map<String, Object>> parameterVariants() {
        return List.of();
    }

    /** Parameter values that {@link Config#resolve} or {@code configure} must refuse, naming {@code parameter}. */
    public record InvalidParameters(String parameter, Map<String, Object> values) {
        public InvalidParameters {
            Objects.requireNonNull(parameter, "parameter");
            values = new LinkedHashMap<>(values);
        }
    }

    /** Combinations the plugin must refuse beyond the declared ranges (e.g. {@code x_min >= x_max}). */
    protected List<InvalidParameters> invalidParameters() {
        return List.of();
    }

    /** The default instance followed by one instance per {@link #parameterVariants() variant}. */
    protected final List<T> instances() {
        List<T> out = new ArrayList<>();
        out.add(plugin());
        for (Map<String, Object> raw : parameterVariants()) {
            out.add(configured(raw));
        }
        return out;
    }

    /** The plugin configured with {@code raw}, resolved against its parameters as the core would. */
    protected final T configured(Map<String, ?> raw) {
        T p = plugin();
        try {
            return p.configure(Config.resolve(p.name(), p.parameters(), raw));
        } catch (RuntimeException e) {
            throw new AssertionError(describe(p) + ": the parameter variant " + raw + " was refused: " + e, e);
        }
    }

    /** {@code "activation relu (org.nnj.activations.Relu) {}"}: kind, name, class and parameters, for messages. */
    protected final String describe(T p) {
        return kind().name() + " " + p.name() + " (" + p.getClass().getName() + ") " + p.config();
    }

    /** A seeded generator; {@code salt} names the check so checks do not share a stream. */
    protected final Random random(String salt) {
        return new Random(SEED * 31 + salt.hashCode());
    }

    @Test
    public void nameIsStableAndLowercase() {
        T p = plugin();
        ContractFailures f = new ContractFailures(describe(p));
        String name = p.name();
        if (name == null || !NAME.matcher(name).matches()) {
            f.add("name() returned \"" + name + "\"; expected lowercase letters, digits, '_' or '-', starting "
                    + "with a letter (pattern " + NAME + ")");
        }
        if (!Objects.equals(name, p.name()) || !Objects.equals(name, plugin().name())) {
            f.add("name() is not stable: it returned \"" + name + "\", then \"" + p.name() + "\"");
        }
        Set<String> aliases = p.aliases() == null ? Set.of() : p.aliases();
        for (String alias : aliases) {
            if (alias == null || !NAME.matcher(alias).matches()) {
                f.add("alias \"" + alias + "\" is not lowercase letters, digits, '_' or '-' (pattern " + NAME + ")");
            }
            if (Objects.equals(alias, name)) {
                f.add("alias \"" + alias + "\" repeats the name");
            }
        }
        for (T q : instances()) {
            if (!Objects.equals(name, q.name()) || !aliases.equals(q.aliases())) {
                f.add("configured with " + q.config() + " it is named \"" + q.name() + "\" " + q.aliases()
                        + "; the name and aliases must not depend on parameters");
            }
        }
        f.assertNone("naming");
    }

    @Test
    public void parametersAreWellFormed() {
        T p = plugin();
        ContractFailures f = new ContractFailures(describe(p));
        Set<String> seen = new HashSet<>();
        for (Param param : p.parameters()) {
            String n = param.name();
            if (!PARAM_NAME.matcher(n).matches()) {
                f.add("parameter \"" + n + "\" is not lowercase with '_' between words (pattern " + PARAM_NAME + ")");
            }
            if (!seen.add(n)) {
                f.add("parameter \"" + n + "\" is declared twice");
            }
            Object d = param.defaultValue();
            if (d != null && param.isOptional()) {
                f.add("parameter \"" + n + "\" has a default (" + d + ") and is also marked optional; "
                        + "optional means 'may be absent with no default'");
            }
            if (d != null && !defaultHasType(param)) {
                f.add("parameter \"" + n + "\" is of type " + param.type().id() + " but its default " + d
                        + " is a " + d.getClass().getSimpleName());
            } else if (d instanceof Number num && !param.inRange(num.doubleValue())) {
                f.add("parameter \"" + n + "\" has default " + d + " outside its own range " + param.rangeText());
            } else if (d instanceof String s && !param.choices().isEmpty() && !param.choices().contains(s)) {
                f.add("parameter \"" + n + "\" has default \"" + s + "\" not among its choices " + param.choices());
            }
        }
        if (p.parameters().stream().noneMatch(Param::isRequired)) {
            try {
                Config defaults = Config.resolve("", p.parameters(), Map.of());
                if (!defaults.equals(p.config())) {
                    f.add("the no-argument instance has config " + p.config() + " but the declared defaults are "
                            + defaults + "; the no-argument constructor must give the defaults");
                }
            } catch (ConfigException e) {
                f.add("the declared defaults do not resolve: " + e.getMessage());
            }
        }
        f.assertNone("parameter declarations");
    }

    private static boolean defaultHasType(Param p) {
        Object d = p.defaultValue();
        switch (p.type()) {
            case REAL: return d instanceof Double;
            case INT: return d instanceof Long;
            case BOOL: return d instanceof Boolean;
            case STRING: return d instanceof String;
            default: return d instanceof PluginRef;
        }
    }

    @Test
    public void configRoundTripsToEqualConfigAndBehaviour() {
        for (T p : instances()) {
            ContractFailures f = new ContractFailures(describe(p));
            Config again;
            try {
                again = Config.resolve("", p.parameters(), p.config().asMap());
            } catch (ConfigException e) {
                f.add("its own config() does not resolve against its parameters(): " + e.getMessage());
                f.assertNone("config round trip");
                return;
            }
            T q = p.configure(again);
            if (!again.equals(p.config()) || !q.config().equals(p.config())) {
                f.add("configure(resolve(config())) has config " + q.config() + "; expected " + p.config());
            }
            assertSameBehaviour(p, q, f);
            f.assertNone("config round trip");
        }
        T p = plugin();
        ContractFailures f = new ContractFailures(describe(p));
        for (Config given : configsToGive(p)) {
            T q;
            try {
                q = p.configure(given);
            } catch (ConfigException e) {
                continue; // a combination configure refuses (declared through invalidParameters)
            }
            if (!given.equals(q.config())) {
                f.add("configure(" + given + ") gave an instance whose config() is " + q.config()
                        + "; configure must apply the configuration it is given");
            }
        }
        f.assertNone("configure applies its configuration");
    }

    /**
     * The configurations of the {@link #parameterVariants()}, and, for each parameter, the defaults with that one
     * parameter changed to another valid value (a number inside its range, the other boolean, another choice).
     */
    private List<Config> configsToGive(T p) {
        List<Config> out = new ArrayList<>();
        for (Map<String, Object> raw : parameterVariants()) {
            out.add(Config.resolve(p.name(), p.parameters(), raw));
        }
        Map<String, Object> base = p.config().asMap();
        for (Param param : p.parameters()) {
            Object now = base.get(param.name());
            Object other = otherValue(param, now);
            if (other == null) {
                continue;
            }
            Map<String, Object> raw = new LinkedHashMap<>(base);
            raw.put(param.name(), other);
            try {
                out.add(Config.resolve(p.name(), p.parameters(), raw));
            } catch (ConfigException e) {
                // not a valid value after all (a constraint the range does not show): nothing to check
            }
        }
        return out;
    }

    private static Object otherValue(Param p, Object now) {
        switch (p.type()) {
            case REAL: {
                double d = now instanceof Number n ? n.doubleValue() : 1.0;
                for (double c : new double[] {d * 2, d / 2, d + 1, d - 1, d + 0.25, d - 0.25, (p.min() + p.max()) / 2}) {
                    if (Double.isFinite(c) && c != d && p.inRange(c)) {
                        return c;
                    }
                }
                return null;
            }
            case INT: {
                long v = now instanceof Number n ? n.longValue() : 1;
                for (long c : new long[] {v + 1, v - 1, v * 2}) {
                    if (c != v && p.inRange(c)) {
                        return c;
                    }
                }
                return null;
            }
            case BOOL:
                return now instanceof Boolean b ? !b : null;
            case STRING:
                for (String c : p.choices()) {
                    if (!c.equals(now)) {
                        return c;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /**
     * Each configuration written as a spec file writes it (JSON: numbers, booleans, strings, plugin references as
     * {@code {"name": ..., params}}) and read back gives an equal configuration and the same behaviour; a value JSON
     * cannot hold (NaN, an infinity) fails here.
     */
    @Test
    public void parametersRoundTripThroughASpecFile() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (T p : instances()) {
            ContractFailures f = new ContractFailures(describe(p));
            String text = json.writeValueAsString(jsonable(p.config().asMap()));
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> back = json.readValue(text, Map.class);
                Config again = Config.resolve("", p.parameters(), back);
                if (!again.equals(p.config())) {
                    f.add("written as " + text + " and read back, the config is " + again + "; expected " + p.config());
                }
                assertSameBehaviour(p, p.configure(again), f);
            } catch (ConfigException e) {
                f.add("written to a spec file as " + text + ", the parameters do not read back: " + e.getMessage());
            }
            f.assertNone("spec file round trip");
        }
    }

    private static Object jsonable(Object v) {
        if (v instanceof PluginRef r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            r.params().forEach((k, x) -> m.put(k, jsonable(x)));
            return m;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, x) -> m.put(String.valueOf(k), jsonable(x)));
            return m;
        }
        return v;
    }

    @Test
    public void outOfRangeParametersAreRejected() {
        T p = plugin();
        ContractFailures f = new ContractFailures(describe(p));
        List<InvalidParameters> cases = new ArrayList<>(invalidParameters());
        for (Param param : p.parameters()) {
            for (double bad : outsideRange(param)) {
                Object value = param.type() == Param.Type.INT ? (Object) (long) bad : (Object) bad;
                cases.add(new InvalidParameters(param.name(), p.config().with(param.name(), value)));
            }
        }
        for (InvalidParameters c : cases) {
            try {
                T q = p.configure(Config.resolve("", p.parameters(), c.values()));
                f.add("parameters " + c.values() + " were accepted (giving config " + q.config()
                        + "); expected a ConfigException naming \"" + c.parameter() + "\"");
            } catch (ConfigException e) {
                if (!e.path().contains(c.parameter()) && !e.getMessage().contains(c.parameter())) {
                    f.add("parameters " + c.values() + " were refused, but the message does not name \""
                            + c.parameter() + "\": " + e.getMessage());
                }
            } catch (RuntimeException e) {
                f.add("parameters " + c.values() + " threw " + e + "; expected a ConfigException naming \""
                        + c.parameter() + "\"");
            }
        }
        f.assertNone("parameter validation");
    }

    private static List<Double> outsideRange(Param p) {
        List<Double> out = new ArrayList<>();
        if (p.type() == Param.Type.REAL) {
            if (p.min() != Double.NEGATIVE_INFINITY) {
                out.add(p.minInclusive() ? p.min() - Math.max(1e-3, Math.abs(p.min()) * 1e-3) : p.min());
            }
            if (p.max() != Double.POSITIVE_INFINITY) {
                out.add(p.maxInclusive() ? p.max() + Math.max(1e-3, Math.abs(p.max()) * 1e-3) : p.max());
            }
        } else if (p.type() == Param.Type.INT) {
            if (p.min() > Long.MIN_VALUE) {
                out.add(p.minInclusive() ? p.min() - 1 : p.min());
            }
            if (p.max() < Long.MAX_VALUE) {
                out.add(p.maxInclusive() ? p.max() + 1 : p.max());
            }
        }
        return out;
    }

    @Test
    public void foundByServiceLoaderUnderAUniqueName() {
        T p = plugin();
        ContractFailures f = new ContractFailures(describe(p));
        Class<T> spi = kind().type();
        String services = "META-INF/services/" + spi.getName();
        boolean found = false;
        Map<String, String> owners = new LinkedHashMap<>();
        try {
            for (ServiceLoader.Provider<T> provider : ServiceLoader.load(spi, p.getClass().getClassLoader())
                    .stream().toList()) {
                found |= provider.type() == p.getClass();
                T other;
                try {
                    other = provider.get();
                } catch (RuntimeException | java.util.ServiceConfigurationError e) {
                    f.add("provider " + provider.type().getName() + " listed in " + services + " cannot be "
                            + "instantiated: " + e);
                    continue;
                }
                List<String> names = new ArrayList<>();
                names.add(other.name());
                names.addAll(other.aliases());
                for (String n : names) {
                    String previous = owners.putIfAbsent(n, provider.type().getName());
                    if (previous != null && (n.equals(p.name()) || p.aliases().contains(n))) {
                        f.add("the name \"" + n + "\" is claimed by both " + previous + " and "
                                + provider.type().getName());
                    }
                }
            }
        } catch (java.util.ServiceConfigurationError e) {
            f.add("ServiceLoader cannot read " + services + ": " + e.getMessage());
        }
        if (!found) {
            f.add("ServiceLoader.load(" + spi.getSimpleName() + ".class) finds no provider of class "
                    + p.getClass().getName() + "; add that class name as a line of " + services
                    + " in the plugin's resources (known names: " + owners.keySet() + ")");
        }
        f.assertNone("discovery");
    }

    /**
     * Runs {@code computation} once here for a reference, then {@code repeats} times in each of
     * {@code threads} threads at once, and reports every run whose result differs from the reference in any
     * bit. For checking that a plugin is stateless and safe to share.
     */
    protected static List<String> differencesAcrossThreads(Callable<double[]> computation, int threads, int repeats) {
        return differencesAcrossThreads(t -> computation, threads, repeats);
    }

    /**
     * Like {@link #differencesAcrossThreads(Callable, int, int)}, with a computation of its own for each thread
     * (give each different inputs: a plugin that keeps state between calls then hands one thread's values to
     * another). The reference of each is computed first, on this thread; then the threads start each of their
     * {@code repeats} runs together (a barrier before each), so the runs overlap as much as the machine allows.
     * A race shows only sometimes: pair this with {@link #stateWrittenBy}, which shows state every time.
     */
    protected static List<String> differencesAcrossThreads(IntFunction<Callable<double[]>> computation, int threads,
                                                           int repeats) {
        List<String> out = new ArrayList<>();
        double[][] reference = new double[threads][];
        for (int t = 0; t < threads; t++) {
            try {
                reference[t] = computation.apply(t).call();
            } catch (Exception e) {
                out.add("the computation of thread " + t + " failed: " + e);
                return out;
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier together = new CyclicBarrier(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<double[]> mine = computation.apply(t);
                results.add(pool.submit(() -> {
                    String problem = null;
                    for (int r = 0; r < repeats; r++) {
                        together.await(60, TimeUnit.SECONDS);
                        double[] got = mine.call();
                        int i = Mats.firstDifference(reference[thread], got);
                        if (i >= 0 && problem == null) {
                            problem = "thread " + thread + ", run " + r + ": element " + i + " is "
                                    + (i < got.length ? got[i] : "missing") + " where the same computation alone gave "
                                    + (i < reference[thread].length ? reference[thread][i] : "nothing");
                        }
                    }
                    return problem;
                }));
            }
            for (Future<String> r : results) {
                String problem = r.get(120, TimeUnit.SECONDS);
                if (problem != null) {
                    out.add(problem);
                }
            }
        } catch (Exception e) {
            out.add("a thread failed: " + e);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /**
     * The fields of {@code instance}, and of the objects it references, that {@code computation} changed, one
     * line each (at most 5); empty for a plugin that keeps no state. A shared plugin that writes to its fields
     * (a memo cache, a counter, scratch arrays) races with itself when threads share it, and the race shows only
     * sometimes; this shows the writes every time. JDK objects are compared by value when they are boxed values,
     * strings, atomics, arrays, collections or maps, and otherwise by identity.
     */
    protected static List<String> stateWrittenBy(Object instance, Callable<?> computation) {
        Map<String, Object> before = StateWatch.snapshot(instance);
        try {
            computation.call();
        } catch (Exception e) {
            return List.of("the computation failed: " + e);
        }
        return StateWatch.differences(before, StateWatch.snapshot(instance), 5);
    }
}
