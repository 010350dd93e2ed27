package org.nnj.core.registry;

import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;
import org.nnj.api.PluginException;
import org.nnj.api.PluginRef;
import org.nnj.api.spi.Config;
import org.nnj.api.spi.Plugin;
import org.nnj.api.spi.PluginKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every installed plugin of every {@link PluginKind}, found with {@link ServiceLoader} on a class loader.
 *
 * <p>Discovery fails fast, with one clear message: two plugins of one kind claiming the same name or alias
 * (naming both classes and where each came from), a provider that cannot be instantiated (naming the class and
 * the cause), a name that is not lowercase. Look-ups of unknown names list the known names of that kind.
 *
 * <p>Immutable after construction and safe to share between threads.
 */
@API(status = API.Status.STABLE)
public final class PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private final Map<PluginKind<?>, Map<String, PluginInfo>> byName = new LinkedHashMap<>();
    private final Map<PluginKind<?>, Map<String, PluginInfo>> byAlias = new LinkedHashMap<>();

    private PluginRegistry() {
    }

    /** Discovers the plugins visible to the thread's context class loader (or this class's loader). */
    public static PluginRegistry discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return discover(cl != null ? cl : PluginRegistry.class.getClassLoader());
    }

    /** Discovers the plugins visible to {@code loader}. */
    public static PluginRegistry discover(ClassLoader loader) {
        return discover(loader, PluginKind.all());
    }

    public static PluginRegistry discover(ClassLoader loader, List<PluginKind<?>> kinds) {
        PluginRegistry r = new PluginRegistry();
        for (PluginKind<?> kind : kinds) {
            r.load(kind, loader);
        }
        return r;
    }

    private <T extends Plugin<T>> void load(PluginKind<T> kind, ClassLoader loader) {
        Map<String, PluginInfo> names = new TreeMap<>();
        Map<String, PluginInfo> aliases = new TreeMap<>();
        ServiceLoader<T> sl = ServiceLoader.load(kind.type(), loader);
        for (ServiceLoader.Provider<T> provider : iterateProviders(kind, sl, loader)) {
            Class<? extends T> type;
            try {
                type = provider.type();
            } catch (ServiceConfigurationError e) {
                throw new PluginException("cannot load " + article(kind) + " plugin listed in META-INF/services/"
                        + kind.type().getName() + ": " + rootMessage(e), e);
            } catch (LinkageError e) {
                throw linkageProblem(kind, loader, e);
            }
            T plugin;
            try {
                plugin = provider.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new PluginException("the " + kind + " plugin " + type.getName() + " (from " + sourceOf(type)
                        + ") could not be created: " + cause, e);
            }
            PluginInfo info = new PluginInfo(kind, plugin, sourceOf(type));
            String name = plugin.name();
            checkName(kind, name, info, "name");
            claim(kind, names, aliases, name, info);
            for (String alias : plugin.aliases()) {
                checkName(kind, alias, info, "alias");
                claim(kind, names, aliases, alias, info);
            }
            LOG.debug("{} {} from {}", kind, name, info.source());
        }
        byName.put(kind, Collections.unmodifiableMap(names));
        aliases.keySet().removeAll(names.keySet());
        byAlias.put(kind, Collections.unmodifiableMap(aliases));
    }

    private static <T> Iterable<ServiceLoader.Provider<T>> iterateProviders(PluginKind<?> kind, ServiceLoader<T> sl,
                                                                         ClassLoader loader) {
        List<ServiceLoader.Provider<T>> out = new ArrayList<>();
        var it = sl.stream().iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                throw new PluginException("cannot load " + article(kind) + " plugin listed in META-INF/services/"
                        + kind.type().getName() + ": " + rootMessage(e), e);
            } catch (LinkageError e) {
                throw linkageProblem(kind, loader, e);
            }
        }
    }

    /**
     * A plugin class the JVM cannot load: for a class compiled for a newer Java, one line naming the jar, the class
     * and both versions (the JVM's own message names neither the jar nor the Java release).
     */
    private static PluginException linkageProblem(PluginKind<?> kind, ClassLoader loader, LinkageError e) {
        String message = String.valueOf(e.getMessage());
        String internal = message.split(" ", 2)[0];
        java.net.URL url = loader == null ? null : loader.getResource(internal + ".class");
        String where = url == null ? "" : " in " + jarOf(url);
        if (e instanceof UnsupportedClassVersionError && url != null) {
            int major = classFileVersion(url);
            int runs = Runtime.version().feature();
            if (major > 44) {
                return new PluginException("the " + kind + " plugin " + internal.replace('/', '.') + where
                        + " is compiled for Java " + (major - 44) + " (class file version " + major + "); this JVM is "
                        + "Java " + runs + " (class file versions up to " + (runs + 44) + "): rebuild the plugin with "
                        + "--release " + runs + " or run on Java " + (major - 44) + " or newer", e);
            }
        }
        return new PluginException("cannot load " + article(kind) + " plugin listed in META-INF/services/"
                + kind.type().getName() + where + ": " + e, e);
    }

    private static String jarOf(java.net.URL url) {
        String u = url.toString();
        if (u.startsWith("jar:") && u.contains("!/")) {
            u = u.substring(4, u.indexOf("!/"));
        }
        try {
            return Path.of(new java.net.URI(u)).toString();
        } catch (Exception | Error notAFile) {
            return u;
        }
    }

    /** The major class file version of the class at {@code url}, or -1. */
    private static int classFileVersion(java.net.URL url) {
        try (java.io.InputStream in = url.openStream()) {
            byte[] head = in.readNBytes(8);
            return head.length == 8 ? ((head[6] & 0xff) << 8) | (head[7] & 0xff) : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** "an activation", "a loss". */
    private static String article(PluginKind<?> kind) {
        return ("aeiou".indexOf(kind.name().charAt(0)) >= 0 ? "an " : "a ") + kind.name();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (caused by " + t + ")";
    }

    private static void checkName(PluginKind<?> kind, String name, PluginInfo info, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PluginException("the " + kind + " plugin " + info.origin() + " has the " + what + " \""
                    + name + "\"; names must be lowercase letters, digits, '_' or '-', starting with a letter");
        }
    }

    private static void claim(PluginKind<?> kind, Map<String, PluginInfo> names, Map<String, PluginInfo> aliases,
                              String key, PluginInfo info) {
        PluginInfo other = names.containsKey(key) ? names.get(key) : aliases.get(key);
        if (other != null && other.plugin().getClass() != info.plugin().getClass()) {
            throw new PluginException("duplicate " + kind + " name \"" + key + "\": claimed by " + other.origin()
                    + " and by " + info.origin() + "; remove one of the jars or rename one plugin");
        }
        if (key.equals(info.name())) {
            names.put(key, info);
        } else {
            aliases.put(key, info);
        }
    }

    /** Where a class was loaded from: its jar or directory, or "unknown location". */
    static String sourceOf(Class<?> type) {
        try {
            CodeSource cs = type.getProtectionDomain().getCodeSource();
            URL url = cs == null ? null : cs.getLocation();
            if (url == null) {
                return "unknown location";
            }
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI()).toString();
            }
            return url.toString();
        } catch (Exception | Error e) {
            return "unknown location";
        }
    }

    /** The plugins of {@code kind} by primary name, sorted. */
    public Map<String, PluginInfo> plugins(PluginKind<?> kind) {
        return byName.getOrDefault(kind, Map.of());
    }

    /** All discovered plugins, kind by kind. */
    public List<PluginInfo> all() {
        List<PluginInfo> out = new ArrayList<>();
        byName.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    /** The known primary names of {@code kind}, sorted. */
    public List<String> names(PluginKind<?> kind) {
        return new ArrayList<>(plugins(kind).keySet());
    }

    /** The default instance of plugin {@code name} (or alias) of {@code kind}. */
    public <T extends Plugin<T>> T get(PluginKind<T> kind, String name) {
        return kind.type().cast(info(kind, name, "").plugin());
    }

    /** Whether a plugin of {@code kind} answers to {@code name}. */
    public boolean has(PluginKind<?> kind, String name) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return plugins(kind).containsKey(key) || byAlias.getOrDefault(kind, Map.of()).containsKey(key);
    }

    /**
     * Looks up {@code name} of {@code kind}.
     *
     * @param path where the name was written in a spec (for the message), may be empty
     * @throws ConfigException listing the known names when there is no such plugin
     */
    public PluginInfo info(PluginKind<?> kind, String name, String path) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        PluginInfo info = plugins(kind).get(key);
        if (info == null) {
            info = byAlias.getOrDefault(kind, Map.of()).get(key);
        }
        if (info == null) {
            throw new ConfigException(path, "unknown " + kind + " \"" + name + "\"; known: "
                    + (names(kind).isEmpty() ? "none installed" : String.join(", ", names(kind))));
        }
        return info;
    }

    /**
     * A configured instance of the plugin {@code ref} names: the raw parameters are validated against the
     * plugin's declared parameters (messages carry {@code path}) and completed with defaults.
     */
    public <T extends Plugin<T>> T create(PluginKind<T> kind, PluginRef ref, String path) {
        PluginInfo info = info(kind, ref.name(), path);
        T plugin = kind.type().cast(info.plugin());
        Config config = Config.resolve(path, plugin.parameters(), ref.params());
        try {
            return plugin.configure(config);
        } catch (ConfigException e) {
            throw e.path().startsWith(path) ? e : e.under(path);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, kind + " \"" + plugin.name() + "\": " + e.getMessage());
        }
    }
}
