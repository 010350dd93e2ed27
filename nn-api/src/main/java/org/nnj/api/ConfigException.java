package org.nnj.api;

import org.apiguardian.api.API;

/**
 * A specification or plugin parameter is invalid. {@link #path()} locates the offending value in the spec,
 * as a JSON path such as {@code layers[2].activation}; the message starts with it.
 */
@API(status = API.Status.STABLE)
public class ConfigException extends NnException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final String problem;

    public ConfigException(String path, String problem) {
        super(path == null || path.isEmpty() ? problem : path + ": " + problem);
        this.path = path == null ? "" : path;
        this.problem = problem;
    }

    /** Where in the spec the problem is; empty when it concerns the spec as a whole. */
    public String path() {
        return path;
    }

    /** The message without the path. */
    public String problem() {
        return problem;
    }

    /** The same problem located under {@code prefix} (for a plugin's parameters nested in a spec). */
    public ConfigException under(String prefix) {
        String p = path.isEmpty() ? prefix : prefix + (path.startsWith("[") ? "" : ".") + path;
        ConfigException e = new ConfigException(p, problem);
        e.initCause(getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
