/**
 * Plugin discovery: {@link org.nnj.core.registry.PluginRegistry} finds every plugin with
 * {@link java.util.ServiceLoader}, refuses duplicates and broken providers with messages that name classes and
 * jars, and resolves names to configured instances; {@link org.nnj.core.registry.PluginModule} binds the same
 * plugins into one Guice {@code MapBinder} per kind, keyed by name.
 */
package org.nnj.core.registry;
