package org.nnj.api;

import org.apiguardian.api.API;

/**
 * Plugin discovery or look-up failed: a duplicate name, a provider that cannot be instantiated, or a name that
 * no installed plugin has. The message names the plugin kind, the name, and the classes and jars involved
 * or the known names of that kind.
 */
@API(status = API.Status.STABLE)
public class PluginException extends NnException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
